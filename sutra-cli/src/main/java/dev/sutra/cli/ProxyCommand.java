package dev.sutra.cli;

import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.proxy.ProxyOptions;
import dev.sutra.proxy.SutraProxy;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.ProxyNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sutra proxy}: runs a sidecar in front of one application. Every flag also reads {@code SUTRA_*}. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Run a sidecar proxy configured by the control plane over xDS.")
final class ProxyCommand extends CliCommandBase implements Callable<Integer> {

    @Option(names = "--service", required = true, defaultValue = "${env:SUTRA_SERVICE}",
            description = "The service the application serves, e.g. reviews.")
    String service;

    @Option(names = "--namespace", defaultValue = "${env:SUTRA_NAMESPACE:-default}", description = "Namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--service-account", defaultValue = "${env:SUTRA_SERVICE_ACCOUNT}",
            description = "Service account of the workload's identity (default: the service).")
    String serviceAccount;

    @Option(names = "--labels", defaultValue = "${env:SUTRA_LABELS}", split = ",",
            description = "Workload labels, k=v,k=v (e.g. version=v1).")
    List<String> labels;

    @Option(names = "--app-port", defaultValue = "${env:SUTRA_APP_PORT}", split = ",",
            description = "Application port(s): 9080, protocol:port such as grpc:50051 or tcp:6379, or "
                    + "protocol:servicePort=appPort (http:9080=38123) when clients call a port the app does not listen on.")
    List<String> appPorts;

    @Option(names = "--inbound-port", defaultValue = "${env:SUTRA_INBOUND_PORT:-15006}",
            description = "Inbound port peers reach the application through; further app ports use the next ports (default: ${DEFAULT-VALUE}).")
    int inboundPort;

    @Option(names = "--outbound-port", defaultValue = "${env:SUTRA_OUTBOUND_PORT:-15001}",
            description = "Outbound HTTP port for the application (HTTP_PROXY=http://127.0.0.1:<port>); 0 for none (default: ${DEFAULT-VALUE}).")
    int outboundPort;

    @Option(names = "--admin-port", defaultValue = "${env:SUTRA_ADMIN_PORT:-15000}", description = "Admin port (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--control-plane", defaultValue = "${env:SUTRA_CONTROL_PLANE}",
            description = "Control plane address host:port (default: 127.0.0.1:15012, TLS, with an identity; "
                    + "127.0.0.1:15010, plaintext, without).")
    String controlPlane;

    @Option(names = "--join-token", defaultValue = "${env:SUTRA_JOIN_TOKEN}",
            description = "Join token from 'sutra token create': the proxy's first certificate, and the root's pin.")
    String joinToken;

    @Option(names = "--join-token-file", defaultValue = "${env:SUTRA_JOIN_TOKEN_FILE}",
            description = "A file holding the join token (keeps it out of process listings).")
    Path joinTokenFile;

    @Option(names = "--ca-root-file", defaultValue = "${env:SUTRA_CA_ROOT_FILE}",
            description = "The mesh's root certificate(s) in PEM: first trust without a token's pin.")
    Path caRootFile;

    @Option(names = "--trust-domain", defaultValue = "${env:SUTRA_TRUST_DOMAIN:-cluster.local}",
            description = "SPIFFE trust domain (default: ${DEFAULT-VALUE}).")
    String trustDomain;

    @Option(names = "--state-dir", defaultValue = "${env:SUTRA_STATE_DIR}",
            description = "Where the last accepted config is kept (default: .sutra/proxy-<service>-<inbound port>).")
    Path stateDir;

    @Option(names = "--locality", defaultValue = "${env:SUTRA_LOCALITY}", description = "region/zone/subzone.")
    String locality;

    @Option(names = "--address", defaultValue = "${env:SUTRA_ADDRESS:-127.0.0.1}",
            description = "Address peers reach this proxy at (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--upstream", defaultValue = "${env:SUTRA_UPSTREAMS}", split = ",",
            description = "Local binds for services: host:port=localport (e.g. redis.default.svc.cluster.local:6379=16379).")
    List<String> upstreams;

    @Option(names = "--workers", defaultValue = "${env:SUTRA_WORKERS:-0}", description = "Event loop threads (default: one per core).")
    int workers;

    @Option(names = "--initial-wait", defaultValue = "2s",
            description = "How long to wait for the control plane before serving the config in --state-dir (default: ${DEFAULT-VALUE}).")
    Duration initialWait;

    @Override
    public Integer call() throws Exception {
        ProxyOptions options = options();
        SutraProxy proxy = SutraProxy.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            stopped.countDown();
        }, "sutra-shutdown"));
        stopped.await();
        return 0;
    }

    ProxyOptions options() {
        List<AppPort> ports = new ArrayList<>();
        List<String> given = appPorts == null ? List.of() : appPorts;
        for (int i = 0; i < given.size(); i++) {
            ports.add(appPort(given.get(i).strip(), inboundPort + i));
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String l : labels == null ? List.<String>of() : labels) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--labels: \"" + l + "\" (expected: key=value)");
            }
            labelMap.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        List<ProxyNode.UpstreamBind> binds = new ArrayList<>();
        for (String u : upstreams == null ? List.<String>of() : upstreams) {
            int eq = u.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--upstream: \"" + u + "\" (expected: host:port=localport)");
            }
            InetSocketAddress target = HostPorts.parse(u.substring(0, eq), "--upstream");
            binds.add(new ProxyNode.UpstreamBind(target.getHostString(), target.getPort(), "127.0.0.1",
                    Integer.parseInt(u.substring(eq + 1).strip())));
        }
        String token = joinToken;
        if ((token == null || token.isBlank()) && joinTokenFile != null) {
            try {
                token = java.nio.file.Files.readString(joinTokenFile).strip();
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--join-token-file: cannot read "
                        + joinTokenFile + ": " + e.getMessage());
            }
        }
        boolean secure = (token != null && !token.isBlank()) || caRootFile != null;
        InetSocketAddress cp = HostPorts.parse(controlPlane != null && !controlPlane.isBlank() ? controlPlane
                : secure ? "127.0.0.1:15012" : "127.0.0.1:15010", "--control-plane");
        ProxyOptions.IdentityOptions identity = secure ? new ProxyOptions.IdentityOptions(
                token == null || token.isBlank() ? null : token, caRootFile, trustDomain) : null;
        Path state = stateDir != null ? stateDir : Path.of(".sutra", "proxy-" + service + "-" + inboundPort);
        String account = serviceAccount == null || serviceAccount.isBlank() ? service : serviceAccount;
        return new ProxyOptions(service, namespace, account, labelMap, address, ports, "127.0.0.1", outboundPort,
                "127.0.0.1", adminPort, cp.getHostString(), cp.getPort(), state, Locality.parse(locality), binds,
                workers, initialWait, identity);
    }

    private AppPort appPort(String value, int inbound) {
        int colon = value.indexOf(':');
        String protocolName = colon < 0 ? "http" : value.substring(0, colon);
        Protocol protocol = Protocol.parse(protocolName);
        if (protocol == Protocol.UNSUPPORTED) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--app-port: unknown protocol \""
                    + protocolName + "\" in \"" + value + "\" (expected: http, http2, grpc or tcp)");
        }
        String ports = value.substring(colon + 1);
        int eq = ports.indexOf('=');
        int servicePort;
        int appPort;
        try {
            servicePort = Integer.parseInt(eq < 0 ? ports : ports.substring(0, eq));
            appPort = eq < 0 ? servicePort : Integer.parseInt(ports.substring(eq + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--app-port: \"" + value
                    + "\" (expected: port, protocol:port or protocol:servicePort=appPort)");
        }
        return new AppPort(protocol.name().toLowerCase(java.util.Locale.ROOT), servicePort, appPort, protocol, inbound);
    }
}
