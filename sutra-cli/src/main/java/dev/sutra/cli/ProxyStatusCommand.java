package dev.sutra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sutra proxy-status}: every proxy and whether it runs the latest config, per resource type. */
@Command(name = "proxy-status", aliases = "ps", mixinStandardHelpOptions = true,
        description = "Show which proxies are in sync with the control plane.")
final class ProxyStatusCommand extends CliCommandBase implements Callable<Integer> {

    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws IOException {
        ApiClient.Reply reply = api.get("/api/v1/status");
        if (!reply.ok()) {
            err().println("error: " + reply.error());
            return 1;
        }
        JsonNode config = reply.body().path("config");
        out().printf("config revision %d, %d resources%n", config.path("revision").asLong(),
                config.path("resources").asInt());
        for (JsonNode rejected : config.path("rejected")) {
            out().println("  rejected: " + rejected.asText());
        }
        out().printf("%-70s %-8s %-8s %-8s %-8s%n", "NAME", "CDS", "LDS", "EDS", "RDS");
        for (JsonNode p : reply.body().path("proxies")) {
            out().printf("%-70s %-8s %-8s %-8s %-8s%n", p.path("id").asText(), state(p, "CDS"), state(p, "LDS"),
                    state(p, "EDS"), state(p, "RDS"));
            for (JsonNode t : p.path("types")) {
                if (t.has("nackReason")) {
                    out().printf("    %s rejected %s: %s%n", t.path("type").asText(), t.path("nacked").asText(),
                            t.path("nackReason").asText());
                }
            }
        }
        return 0;
    }

    private static String state(JsonNode proxy, String type) {
        for (JsonNode t : proxy.path("types")) {
            if (t.path("type").asText().equals(type)) {
                if (t.has("nacked") && t.path("nacked").asText().equals(t.path("sent").asText())) {
                    return "NACKED";
                }
                return t.path("synced").asBoolean() ? "SYNCED" : "STALE";
            }
        }
        return "-";
    }
}
