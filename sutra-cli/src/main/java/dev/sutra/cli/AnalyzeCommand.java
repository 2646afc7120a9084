package dev.sutra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sutra.api.analyze.Analysis;
import dev.sutra.api.analyze.AnalysisResult;
import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.api.mesh.Resolution;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.api.mesh.Sidecar;
import dev.sutra.api.mesh.Workload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sutra analyze FILE|DIR...}: validation and analyzers, findings as
 * {@code file:line: level CODE message}. Exit codes: 0 clean, 1 warnings with
 * {@code --fail-on-warning}, 2 errors.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Validate config and find mistakes before they reach the mesh.")
final class AnalyzeCommand extends CliCommandBase implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "YAML/JSON files or directories, or - for stdin.")
    List<String> paths;

    @Option(names = "--fail-on-warning", description = "Exit 1 when there are warnings (errors always exit 2).")
    boolean failOnWarning;

    @Option(names = "--server", description = "Also count the services a running control plane knows "
            + "(e.g. http://127.0.0.1:15014), such as those registered by connected proxies.")
    String server;

    @Override
    public Integer call() throws IOException {
        ConfigParser parser = new ConfigParser();
        Analysis.Builder analysis = Analysis.builder();
        for (ConfigInputs.Input input : ConfigInputs.read(paths)) {
            analysis.add(parser.parse(input.name(), input.text()));
        }
        if (server != null) {
            ApiClient api = new ApiClient();
            api.server = server;
            ApiClient.Reply reply = api.get("/api/v1/services");
            if (!reply.ok()) {
                err().println("error: " + reply.error());
                return 2;
            }
            analysis.liveServices(catalog(reply.body()));
        }
        AnalysisResult result = analysis.build().run();
        result.lines().forEach(out()::println);
        if (result.hasErrors()) {
            return 2;
        }
        if (result.hasWarnings() && failOnWarning) {
            return 1;
        }
        if (result.isClean()) {
            err().println("✔ No validation issues found when analyzing " + String.join(", ", paths) + ".");
        }
        return 0;
    }

    /** The control plane's catalog as the API describes it. */
    static ServiceCatalog catalog(JsonNode body) {
        List<MeshService> services = new ArrayList<>();
        Map<String, List<Workload>> listed = new HashMap<>();
        for (JsonNode s : body.path("services")) {
            List<ServicePort> ports = new ArrayList<>();
            for (JsonNode p : s.path("ports")) {
                ports.add(new ServicePort(p.path("name").asText(), p.path("number").asInt(),
                        Protocol.parse(p.path("protocol").asText()), p.path("targetPort").asInt()));
            }
            Map<String, String> selector = new HashMap<>();
            s.path("selector").properties().forEach(e -> selector.put(e.getKey(), e.getValue().asText()));
            MeshService service = new MeshService(s.path("hostname").asText(), s.path("namespace").asText(), ports,
                    selector, Resolution.valueOf(s.path("resolution").asText("STATIC")), s.path("external").asBoolean(),
                    s.path("origin").asText());
            services.add(service);
            if (selector.isEmpty()) {
                List<Workload> endpoints = new ArrayList<>();
                s.path("endpoints").forEach(w -> endpoints.add(workload(w)));
                listed.put(service.hostname(), endpoints);
            }
        }
        List<Workload> workloads = new ArrayList<>();
        body.path("workloads").forEach(w -> workloads.add(workload(w)));
        return ServiceCatalog.of(services, workloads, listed);
    }

    private static Workload workload(JsonNode w) {
        Map<String, String> labels = new HashMap<>();
        w.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Workload(w.path("name").asText(), w.path("namespace").asText(), w.path("address").asText(), labels,
                w.path("serviceAccount").asText("default"), Locality.parse(w.path("locality").asText("")), 1, Map.of(),
                w.path("sidecar").asBoolean() ? Sidecar.CAPTURING : Sidecar.NONE, w.path("origin").asText());
    }
}
