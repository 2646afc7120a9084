package dev.sutra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.sutra.api.config.ConfigKind;
import dev.sutra.api.config.ConfigParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sutra get KIND [NAME]}: shows config in force; a missing resource is an error (exit 1). */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show config in force.")
final class GetCommand extends CliCommandBase implements Callable<Integer> {

    /** Output formats. */
    enum Format { table, yaml, json }

    @Parameters(index = "0", description = "Kind: VirtualService, vs, DestinationRule, dr, ServiceEntry, se, ...")
    String kind;

    @Parameters(index = "1", arity = "0..1", description = "Name of one resource.")
    String name;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: all for lists, 'default' for one name).")
    String namespace;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, yaml or json.")
    Format output;

    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws IOException {
        Optional<ConfigKind> k = ConfigKind.byName(kind);
        if (k.isEmpty()) {
            err().println("error: unknown kind \"" + kind + "\" (expected one of: "
                    + String.join(", ", ConfigKind.byKind().keySet()) + ")");
            return 1;
        }
        List<JsonNode> items = new ArrayList<>();
        if (name != null) {
            String ns = namespace == null ? ConfigParser.DEFAULT_NAMESPACE : namespace;
            ApiClient.Reply reply = api.get("/api/v1/config/" + ApiClient.encode(k.get().kind()) + "/"
                    + ApiClient.encode(ns) + "/" + ApiClient.encode(name));
            if (!reply.ok()) {
                err().println("error: " + reply.error());
                return 1;
            }
            items.add(reply.body());
        } else {
            String query = "?kind=" + ApiClient.encode(k.get().kind())
                    + (namespace == null ? "" : "&namespace=" + ApiClient.encode(namespace));
            ApiClient.Reply reply = api.get("/api/v1/config" + query);
            if (!reply.ok()) {
                err().println("error: " + reply.error());
                return 1;
            }
            reply.body().path("items").forEach(items::add);
        }
        print(items);
        return 0;
    }

    private void print(List<JsonNode> items) throws IOException {
        switch (output) {
            case json -> out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    name != null ? items.get(0) : new ObjectMapper().createObjectNode().set("items",
                            new ObjectMapper().valueToTree(items))));
            case yaml -> {
                ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
                StringBuilder out = new StringBuilder();
                for (JsonNode item : items) {
                    out.append(yaml.writeValueAsString(item));
                }
                out().print(out);
            }
            case table -> {
                if (items.isEmpty()) {
                    err().println("No resources found.");
                    return;
                }
                out().printf("%-20s %-40s%n", "NAMESPACE", "NAME");
                for (JsonNode item : items) {
                    out().printf("%-20s %-40s%n", item.path("metadata").path("namespace").asText("default"),
                            item.path("metadata").path("name").asText());
                }
            }
        }
    }
}
