package dev.sutra.cli;

import dev.sutra.api.config.ConfigKind;
import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.config.ResourceKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sutra delete KIND NAME} or {@code sutra delete -f FILE}: removes config. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete config.")
final class DeleteCommand extends CliCommandBase implements Callable<Integer> {

    @Parameters(arity = "0..2", description = "KIND NAME of one resource.")
    List<String> kindAndName = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = {"-f", "--filename"}, description = "Delete the resources these files define.")
    List<String> files;

    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws IOException {
        List<ResourceKey> keys = new ArrayList<>();
        if (files != null) {
            ConfigParser parser = new ConfigParser();
            for (ConfigInputs.Input input : ConfigInputs.read(files)) {
                ParseResult parsed = parser.parse(input.name(), input.text());
                parsed.errors().forEach(e -> err().println(e));
                if (!parsed.ok()) {
                    return 1;
                }
                parsed.resources().stream().map(ConfigResource::key).forEach(keys::add);
            }
        } else if (kindAndName.size() == 2) {
            Optional<ConfigKind> kind = ConfigKind.byName(kindAndName.get(0));
            if (kind.isEmpty()) {
                err().println("error: unknown kind \"" + kindAndName.get(0) + "\"");
                return 1;
            }
            keys.add(new ResourceKey(kind.get(), namespace, kindAndName.get(1)));
        } else {
            err().println("error: give KIND NAME or -f FILE");
            return 2;
        }
        int failures = 0;
        for (ResourceKey key : keys) {
            ApiClient.Reply reply = api.delete("/api/v1/config/" + ApiClient.encode(key.kind().kind()) + "/"
                    + ApiClient.encode(key.namespace()) + "/" + ApiClient.encode(key.name()));
            if (reply.ok()) {
                out().printf("%s.%s/%s deleted%n", key.kind().kind().toLowerCase(java.util.Locale.ROOT),
                        key.kind().group(), key.name());
            } else {
                err().println("error: " + reply.error());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
