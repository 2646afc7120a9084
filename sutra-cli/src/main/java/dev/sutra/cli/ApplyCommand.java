package dev.sutra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sutra.api.config.ConfigKind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sutra apply -f FILE|DIR|-}: sends config to the control plane. All files of one apply
 * succeed together or change nothing; errors name file, line, resource and field.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Create or update config from files, directories or stdin; all or nothing.")
final class ApplyCommand extends CliCommandBase implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true,
            description = "A YAML/JSON file, a directory of them, or - for stdin. Repeatable.")
    List<String> files;

    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws IOException {
        List<ConfigInputs.Input> inputs = ConfigInputs.read(files);
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("files");
        for (ConfigInputs.Input input : inputs) {
            array.addObject().put("name", input.name()).put("text", input.text());
        }
        ApiClient.Reply reply = api.postJson("/api/v1/config", json.writeValueAsString(body));
        if (!reply.ok()) {
            if (reply.body().has("errors")) {
                for (JsonNode e : reply.body().path("errors")) {
                    err().println(e.asText());
                }
                err().println("error: nothing applied (" + reply.body().path("errors").size() + " error(s))");
            } else {
                err().println("error: " + reply.error());
            }
            return 1;
        }
        for (JsonNode change : reply.body().path("changes")) {
            String kind = change.path("kind").asText();
            String group = ConfigKind.byName(kind).map(ConfigKind::group).orElse("");
            out().printf("%s.%s/%s %s%n", kind.toLowerCase(java.util.Locale.ROOT), group,
                    change.path("name").asText(), change.path("action").asText());
        }
        return 0;
    }
}
