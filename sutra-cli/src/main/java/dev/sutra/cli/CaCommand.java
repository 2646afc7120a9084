package dev.sutra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sutra ca}: the mesh CA. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Manage the mesh CA.",
        subcommands = CaCommand.RotateRoot.class)
final class CaCommand extends CliCommandBase implements Runnable {

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    /**
     * {@code sutra ca rotate-root}: replaces the CA's root without breaking any connection, in three
     * stages, each waiting for the sidecars before the next:
     * <ol>
     *   <li>begin: a new root joins every trust bundle; wait until every connected sidecar accepted it;</li>
     *   <li>activate: the new root signs; sidecars renew early because their root is no longer first
     *       in the bundle; wait until each one's latest certificate chains to the new root;</li>
     *   <li>retire: the old root leaves the bundle; wait until every sidecar accepted that.</li>
     * </ol>
     * The stage is kept by the control plane, so after a timeout running the command again resumes
     * where it stopped. Exit codes: 0 rotated, 1 stopped (timeout, refusal, or unreachable).
     */
    @Command(name = "rotate-root", mixinStandardHelpOptions = true,
            description = "Rotate the CA's root in stages, waiting for the sidecars at each one.")
    static final class RotateRoot extends CliCommandBase implements Callable<Integer> {

        private static final Duration POLL = Duration.ofMillis(500);

        @Option(names = "--timeout", defaultValue = "10m",
                description = "How long each stage waits for the sidecars (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--force",
                description = "Go on to the next stage when a wait times out (sidecars left behind may fail mTLS).")
        boolean force;

        @Mixin
        ApiClient api;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode state = get();
            if (state == null) {
                return 1;
            }
            if (state.path("mode").asText().equals("plugged-in")) {
                err().println("error: the CA signs with a plugged-in intermediate (--ca-cert); its root cannot be "
                        + "rotated here: replace the CA files and restart the control plane");
                return 1;
            }
            out().printf("root rotation: stage %s, signing root %s%n", state.path("stage").asText(),
                    state.path("signingRoot").asText());
            String oldRoot = state.path("signingRoot").asText();
            if (state.path("stage").asText().equals("steady")) {
                state = step("begin");
                if (state == null) {
                    return 1;
                }
                out().printf("begin: new root %s joined the trust bundle; %s still signs%n", otherRoot(state),
                        oldRoot);
            }
            if (state.path("stage").asText().equals("staged")) {
                if (!await("accept the new trust bundle", "accepted the new trust bundle", RotateRoot::bundlePending,
                        true)) {
                    return 1;
                }
                state = step("activate");
                if (state == null) {
                    return 1;
                }
                out().printf("activate: new root %s signs from now on; sidecars renew their certificates%n",
                        state.path("signingRoot").asText());
            }
            if (state.path("stage").asText().equals("activated")) {
                oldRoot = otherRoot(state);
                if (!await("renew their certificates under the new root", "hold certificates under the new root",
                        RotateRoot::renewalPending, true)) {
                    return 1;
                }
                state = step("retire");
                if (state == null) {
                    return 1;
                }
                out().printf("retire: old root %s left the trust bundle%n", oldRoot);
                if (!await("accept the trust bundle without the old root",
                        "accepted the trust bundle without the old root", RotateRoot::bundlePending, false)) {
                    err().println("the old root is retired already: do not run rotate-root again for these sidecars; "
                            + "check them with 'sutra proxy-status'");
                    return 1;
                }
            }
            out().printf("done: the mesh trusts and signs with root %s only%n", state.path("signingRoot").asText());
            return 0;
        }

        private JsonNode get() throws IOException {
            ApiClient.Reply reply = api.get("/api/v1/ca");
            if (!reply.ok()) {
                err().println("error: " + reply.error());
                return null;
            }
            return reply.body();
        }

        private JsonNode step(String stage) throws IOException {
            ApiClient.Reply reply = api.postJson("/api/v1/ca/rotate-root?stage=" + stage, "{}");
            if (!reply.ok()) {
                err().println("error: " + stage + " refused: " + reply.error());
                return null;
            }
            return reply.body();
        }

        /**
         * Polls until {@code pending} finds no sidecar left, printing who is waited for whenever
         * that changes. On timeout: false, unless {@code --force} may skip it.
         */
        private boolean await(String what, String done, Function<JsonNode, List<String>> pending,
                boolean forceable) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> last = null;
            while (true) {
                JsonNode state = get();
                if (state == null) {
                    return false;
                }
                List<String> waiting = state.path("bundlePushed").asBoolean()
                        ? pending.apply(state) : List.of("(the new trust bundle is not pushed yet)");
                if (waiting.isEmpty()) {
                    out().printf("  all %d connected sidecar(s) %s%n", state.path("sidecars").size(), done);
                    return true;
                }
                if (!waiting.equals(last)) {
                    out().printf("  waiting for %d sidecar(s) to %s: %s%n", waiting.size(), what,
                            String.join(", ", waiting));
                    last = waiting;
                }
                if (System.nanoTime() > deadline) {
                    err().printf("timed out after %s waiting for %d sidecar(s) to %s: %s%n",
                            CheckCommand.human(timeout.toSeconds()), waiting.size(), what, String.join(", ", waiting));
                    if (force && forceable) {
                        err().println("--force: going on without them");
                        return true;
                    }
                    if (forceable) {
                        err().printf("rotation paused at stage %s; run 'sutra ca rotate-root' again to resume, or add "
                                + "--force to go on without them%n", state.path("stage").asText());
                    }
                    return false;
                }
                Thread.sleep(POLL.toMillis());
            }
        }

        private static List<String> bundlePending(JsonNode state) {
            List<String> out = new ArrayList<>();
            for (JsonNode s : state.path("sidecars")) {
                if (!s.path("bundleAccepted").asBoolean()) {
                    out.add(s.path("id").asText());
                }
            }
            return out;
        }

        private static List<String> renewalPending(JsonNode state) {
            List<String> out = new ArrayList<>();
            for (JsonNode s : state.path("sidecars")) {
                if (!s.path("onSigningRoot").asBoolean()) {
                    out.add(s.path("id").asText() + (s.path("certificateRoot").isNull()
                            ? " (no certificate known for " + s.path("identity").asText() + ")" : ""));
                } else if (!s.path("bundleAccepted").asBoolean()) {
                    out.add(s.path("id").asText());
                }
            }
            return out;
        }

        /** The root of the bundle that does not sign: the new one while staged, the old one once activated. */
        private static String otherRoot(JsonNode state) {
            for (JsonNode root : state.path("roots")) {
                if (!root.path("signing").asBoolean()) {
                    return root.path("pin").asText();
                }
            }
            return "(none)";
        }
    }
}
