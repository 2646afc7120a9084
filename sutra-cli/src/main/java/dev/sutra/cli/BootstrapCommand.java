package dev.sutra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sutra.xds.node.NodeMetadata;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sutra bootstrap grpc}: an xDS bootstrap for a proxyless gRPC application, of the shape
 * Istio writes (node id {@code sidecar~IP~pod.ns~ns.svc.cluster.local}, {@code GENERATOR: grpc}),
 * pointing at Sutra. Give it to grpc-java with {@code GRPC_XDS_BOOTSTRAP} (a file) or
 * {@code GRPC_XDS_BOOTSTRAP_CONFIG} (the JSON itself).
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Print an xDS bootstrap for a proxyless gRPC client.")
final class BootstrapCommand extends CliCommandBase implements Callable<Integer> {

    @Parameters(index = "0", description = "The client kind; only 'grpc' exists.")
    String type;

    @Option(names = "--control-plane", defaultValue = "${env:SUTRA_CONTROL_PLANE:-127.0.0.1:15010}",
            description = "xDS server host:port (default: ${DEFAULT-VALUE}).")
    String controlPlane;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Workload namespace.")
    String namespace;

    @Option(names = "--name", defaultValue = "grpc-client", description = "Workload (pod) name.")
    String name;

    @Option(names = "--ip", defaultValue = "127.0.0.1", description = "Workload IP.")
    String ip;

    @Override
    public Integer call() throws Exception {
        if (!type.equals("grpc")) {
            err().println("error: unknown bootstrap type \"" + type + "\" (expected: grpc)");
            return 2;
        }
        HostPorts.parse(controlPlane, "--control-plane");
        out().println(json(controlPlane, namespace, name, ip));
        return 0;
    }

    static String json(String controlPlane, String namespace, String name, String ip) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode server = root.putArray("xds_servers").addObject();
        server.put("server_uri", controlPlane);
        server.putArray("channel_creds").addObject().put("type", "insecure");
        server.putArray("server_features").add("xds_v3");
        ObjectNode node = root.putObject("node");
        node.put("id", NodeMetadata.sidecarId(ip, name, namespace, "cluster.local"));
        ObjectNode metadata = node.putObject("metadata");
        metadata.put(NodeMetadata.GENERATOR, "grpc");
        metadata.put(NodeMetadata.NAMESPACE, namespace);
        metadata.put(NodeMetadata.INSTANCE_IPS, ip);
        node.putObject("locality");
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
