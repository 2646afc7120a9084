package dev.sutra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sutra token}: join tokens, the credential a new proxy trades for its first certificate. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manage join tokens for new proxies.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand extends CliCommandBase implements Runnable {

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    /**
     * {@code sutra token create}: prints a join token alone on stdout (so {@code TOKEN=$(sutra token
     * create ...)} works), and what it allows on stderr.
     */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Issue a join token for one identity; it carries the CA root's pin.")
    static final class Create extends CliCommandBase implements Callable<Integer> {

        @Option(names = {"-n", "--namespace"}, required = true, description = "The workload's namespace.")
        String namespace;

        @Option(names = {"-s", "--service-account"}, required = true,
                description = "The workload's service account.")
        String serviceAccount;

        @Option(names = "--ttl", defaultValue = "24h",
                description = "How long the token may be used (default: ${DEFAULT-VALUE}).")
        Duration ttl;

        @Mixin
        ApiClient api;

        @Override
        public Integer call() throws IOException {
            ObjectMapper json = new ObjectMapper();
            ObjectNode body = json.createObjectNode()
                    .put("namespace", namespace)
                    .put("serviceAccount", serviceAccount)
                    .put("ttl", ttl.toString());
            ApiClient.Reply reply = api.postJson("/api/v1/tokens", json.writeValueAsString(body));
            if (!reply.ok()) {
                err().println("error: " + reply.error());
                return 1;
            }
            out().println(reply.body().path("token").asText());
            err().printf("join token %s for %s, valid until %s, root pin %s%n", reply.body().path("id").asText(),
                    reply.body().path("identity").asText(), reply.body().path("expiresAt").asText(),
                    reply.body().path("rootPin").asText());
            return 0;
        }
    }
}
