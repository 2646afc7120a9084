package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.cli.CliRun;
import dev.sutra.testkit.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sutra demo} as a user runs it: it comes up, shows reviews on v1, follows an apply to v3,
 * and stops everything it started when interrupted.
 */
class DemoIT {

    @TempDir
    Path home;

    @Test
    void theSplitFollowsAnApplyAndCtrlCLeavesNothingBehind() throws Exception {
        Path examples = Files.createDirectories(home.resolve("examples/bookinfo"));
        try (Stream<Path> files = Files.list(Path.of("..", "examples", "bookinfo"))) {
            for (Path f : files.toList()) {
                Files.copy(f, examples.resolve(f.getFileName()));
            }
        }
        int apiPort = Ports.free();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        command.addAll(List.of("-jar", Path.of("target", "sutra.jar").toAbsolutePath().toString(), "demo", "--plain",
                "--home", home.toString(), "--xds-port", Integer.toString(Ports.free()),
                "--xds-tls-port", Integer.toString(Ports.free()),
                "--api-port", Integer.toString(apiPort)));
        Path out = home.resolve("demo.out");
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            awaitShown(demo, out, "v1   ##############################", Duration.ofSeconds(150));

            CliRun apply = CliRun.of("apply", "-f", examples.resolve("reviews-v3.yaml").toString(),
                    "--server", "http://127.0.0.1:" + apiPort);
            assertThat(apply.exitCode()).as(apply.err()).isZero();
            awaitShown(demo, out, "v3   ##############################", Duration.ofSeconds(30));
            assertThat(lastBlock(out)).contains("loadgen").contains("100.0%");
            // Every hop is mutual TLS with the identity the peer proved.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(lastBlock(out)).containsPattern("mTLS +productpage\\S* +-> reviews +peer "
                            + "spiffe://cluster.local/ns/default/sa/reviews \\(TLSv1.3\\)")
                            .containsPattern("mTLS +reviews-v3 +-> ratings +peer spiffe://cluster.local/ns/default/sa/ratings"));

            // A fault on ratings: reviews-v3's sidecar aborts half its calls, and the screen says so.
            CliRun fault = CliRun.of("apply", "-f", examples.resolve("ratings-fault.yaml").toString(),
                    "--server", "http://127.0.0.1:" + apiPort);
            assertThat(fault.exitCode()).as(fault.err()).isZero();
            awaitShown(demo, out, "UPSTREAM ERRORS ratings", Duration.ofSeconds(30));

            // Access logs on: each sidecar writes Istio's text format to its output (here, its log file).
            CliRun logs = CliRun.of("apply", "-f", examples.resolve("access-logs.yaml").toString(),
                    "--server", "http://127.0.0.1:" + apiPort);
            assertThat(logs.exitCode()).as(logs.err()).isZero();
            Path sidecarLogs = home.resolve(".sutra/demo/logs");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(Files.readString(sidecarLogs.resolve("productpage-v1.log"))).containsPattern(
                        "\\[20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z\\] \"GET /reviews/\\S+ HTTP/[0-9.]+\" 200 - via_upstream "
                                + ".* \"reviews[^\"]*\" \"127\\.0\\.0\\.1:\\d+\" "
                                + "outbound\\|9080\\|v3\\|reviews\\.default\\.svc\\.cluster\\.local ");
                // The fault on ratings, as the caller's sidecar logged it.
                assertThat(Files.readString(sidecarLogs.resolve("reviews-v3.log")))
                        .containsPattern("\"GET /ratings/\\S+ HTTP/[0-9.]+\" 503 FI fault_filter_abort ");
            });
        } finally {
            List<ProcessHandle> children = demo.descendants().toList();
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        }
        assertThat(Files.exists(home.resolve(".sutra/demo/proxies"))).isFalse();
    }

    /**
     * Waits until the demo's latest screen shows {@code text}; fails at once when the demo exits, and
     * either way with what the demo printed and the tails of its logs, so a failure in CI says why.
     */
    private void awaitShown(Process demo, Path out, String text, Duration timeout) throws IOException {
        try {
            await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (!demo.isAlive()) {
                    throw new IllegalStateException("sutra demo exited with " + demo.exitValue());
                }
                return lastBlock(out).contains(text);
            });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            throw new AssertionError("the demo did not show '" + text + "': " + e.getMessage() + "\n" + diagnostics(out), e);
        }
    }

    private String diagnostics(Path out) throws IOException {
        StringBuilder b = new StringBuilder("--- demo output (tail)\n").append(tail(out, 6000));
        Path logs = home.resolve(".sutra/demo/logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.sorted().toList()) {
                    b.append("--- ").append(log.getFileName()).append(" (tail)\n").append(tail(log, 2000));
                }
            }
        }
        return b.toString();
    }

    private static String tail(Path file, int chars) throws IOException {
        String text = Files.readString(file);
        return text.length() > chars ? text.substring(text.length() - chars) : text;
    }

    /** The last complete screen the demo printed. */
    private static String lastBlock(Path out) throws IOException {
        String text = Files.readString(out);
        int last = text.lastIndexOf("Sutra demo:");
        int previous = last <= 0 ? -1 : text.lastIndexOf("Sutra demo:", last - 1);
        return previous < 0 ? "" : text.substring(previous, last);
    }
}
