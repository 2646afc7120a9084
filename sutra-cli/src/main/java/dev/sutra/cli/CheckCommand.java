package dev.sutra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sutra check}: every certificate the control plane can see, and whether any expires soon.
 * Exit codes: 0 none does, 1 some do (or the control plane could not be asked).
 *
 * <p>With {@code --fail-within}, every certificate that expires inside the window fails. Without
 * it, roots and intermediates (which an operator replaces) fail inside 7 days; certificates that
 * are renewed automatically (workloads, the TLS port) live far shorter than that, so they fail only
 * once less than a quarter of their life is left: their renewal at half-life is overdue.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "List the mesh's certificates; exit 1 if any expires soon.")
final class CheckCommand extends CliCommandBase implements Callable<Integer> {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    @Option(names = "--fail-within",
            description = "Fail when any certificate expires within this window (default: 7d for roots and "
                    + "intermediates; automatically renewed certificates only once overdue for renewal).")
    Duration failWithin;

    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws IOException {
        ApiClient.Reply reply = api.get("/api/v1/certificates");
        if (!reply.ok()) {
            err().println("error: " + reply.error());
            return 1;
        }
        String format = "%-12s %-60s %-34s %-20s %12s  %s%n";
        out().printf(format, "KIND", "IDENTITY", "SERIAL", "NOT AFTER", "LEFT", "STATUS");
        int failing = 0;
        for (JsonNode c : reply.body().path("certificates")) {
            long left = c.path("secondsLeft").asLong();
            String status = status(c, left);
            if (!status.equals("ok")) {
                failing++;
            }
            out().printf(format, c.path("kind").asText(), c.path("identity").asText(), c.path("serial").asText(),
                    c.path("notAfter").asText(), human(left), status);
        }
        if (failing > 0) {
            err().printf("%d certificate(s) %s%n", failing, failWithin == null
                    ? "expire soon (roots and intermediates within 7d, renewed ones overdue for renewal)"
                    : "expire within " + human(failWithin.toSeconds()));
            return 1;
        }
        return 0;
    }

    private String status(JsonNode c, long left) {
        if (left < 0) {
            return "EXPIRED";
        }
        if (failWithin != null) {
            return left < failWithin.toSeconds() ? "EXPIRING" : "ok";
        }
        if (c.path("renewedAutomatically").asBoolean()) {
            return left < c.path("lifetimeSeconds").asLong() / 4 ? "RENEWAL OVERDUE" : "ok";
        }
        return left < DEFAULT_WINDOW.toSeconds() ? "EXPIRING" : "ok";
    }

    /** {@code 3d4h}, {@code 5h12m}, {@code 42s}: the two largest units. */
    static String human(long seconds) {
        if (seconds < 0) {
            return "-" + human(-seconds);
        }
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d" + hours + "h";
        }
        if (hours > 0) {
            return hours + "h" + minutes + "m";
        }
        return minutes > 0 ? minutes + "m" + seconds % 60 + "s" : seconds + "s";
    }
}
