package dev.sutra.cli;

import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.controlplane.ca.IdentityOptions;
import dev.sutra.controlplane.ca.MeshCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sutra controlplane}: runs the control plane until interrupted. */
@Command(name = "controlplane", mixinStandardHelpOptions = true,
        description = "Run the control plane: config store, service registry, xDS servers and the mesh CA.")
final class ControlPlaneCommand extends CliCommandBase implements Callable<Integer> {

    @Option(names = "--config-dir", required = true, defaultValue = "${env:SUTRA_CONFIG_DIR}",
            description = "Directory of Istio YAML to serve; watched, and written by 'sutra apply'.")
    Path configDir;

    @Option(names = "--state-dir", defaultValue = "${env:SUTRA_STATE_DIR:-.sutra/controlplane}",
            description = "Where the control plane keeps its own state: admin token, CA root, join-token key "
                    + "(default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--xds-address", defaultValue = "${env:SUTRA_XDS_ADDRESS:-0.0.0.0:15010}",
            description = "Plaintext xDS (ADS) address, for development and proxyless gRPC (default: ${DEFAULT-VALUE}).")
    String xdsAddress;

    @Option(names = "--xds-tls-address", defaultValue = "${env:SUTRA_XDS_TLS_ADDRESS:-0.0.0.0:15012}",
            description = "TLS address: ADS over mTLS and the CA service (default: ${DEFAULT-VALUE}).")
    String xdsTlsAddress;

    @Option(names = "--api-address", defaultValue = "${env:SUTRA_API_ADDRESS:-127.0.0.1:15014}",
            description = "HTTP API address (default: ${DEFAULT-VALUE}); mutating calls from other hosts need the admin token.")
    String apiAddress;

    @Option(names = "--trust-domain", defaultValue = "${env:SUTRA_TRUST_DOMAIN:-cluster.local}",
            description = "SPIFFE trust domain of workload identities (default: ${DEFAULT-VALUE}).")
    String trustDomain;

    @Option(names = "--root-namespace", defaultValue = "${env:SUTRA_ROOT_NAMESPACE:-istio-system}",
            description = "Namespace whose policies apply mesh-wide, and of the control plane's own identity "
                    + "(default: ${DEFAULT-VALUE}).")
    String rootNamespace;

    @Option(names = "--workload-cert-ttl", defaultValue = "${env:SUTRA_WORKLOAD_CERT_TTL:-24h}",
            description = "Lifetime of workload certificates; proxies renew at half of it (default: ${DEFAULT-VALUE}).")
    Duration workloadCertTtl;

    @Option(names = "--serving-dns", split = ",", defaultValue = "${env:SUTRA_SERVING_DNS}",
            description = "Extra DNS names for the TLS port's certificate, besides localhost and this host's name; "
                    + "repeatable or comma-separated.")
    List<String> servingDns;

    @Option(names = "--ca-cert", defaultValue = "${env:SUTRA_CA_CERT}",
            description = "Sign with this intermediate CA certificate (PEM) instead of a self-signed root; "
                    + "needs --ca-key and --ca-chain.")
    Path caCert;

    @Option(names = "--ca-key", defaultValue = "${env:SUTRA_CA_KEY}",
            description = "The private key of --ca-cert (PEM, unencrypted).")
    Path caKey;

    @Option(names = "--ca-chain", defaultValue = "${env:SUTRA_CA_CHAIN}",
            description = "The certificates above --ca-cert, ending with the root (PEM).")
    Path caChain;

    @Option(names = "--registry-grace", defaultValue = "10s",
            description = "How long a disconnected proxy's endpoints stay (default: ${DEFAULT-VALUE}).")
    Duration registryGrace;

    @Option(names = "--debounce", defaultValue = "100ms",
            description = "Quiet period before config changes are pushed (default: ${DEFAULT-VALUE}).")
    Duration debounce;

    @Override
    public Integer call() throws Exception {
        MeshSettings settings = new MeshSettings(trustDomain, "cluster.local", rootNamespace);
        IdentityOptions identity = IdentityOptions.defaults(HostPorts.bind(xdsTlsAddress, "--xds-tls-address"))
                .withWorkloadCertTtl(workloadCertTtl)
                .withServingDnsNames(servingDns == null ? List.of() : servingDns);
        Optional<IdentityOptions.PluggedCa> plugged = pluggedCa();
        if (plugged.isPresent()) {
            identity = identity.withPluggedCa(plugged.get());
        }
        ControlPlaneOptions options = new ControlPlaneOptions(configDir, stateDir,
                HostPorts.bind(xdsAddress, "--xds-address"), HostPorts.bind(apiAddress, "--api-address"), settings,
                debounce, registryGrace, Optional.of(identity));
        ConfigValidator validator = new ConfigValidator(settings);
        ControlPlane cp = ControlPlane.start(options, validator::validate);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cp.close();
            stopped.countDown();
        }, "sutra-shutdown"));
        err().printf("sutra control plane: xDS on port %d (plaintext) and %d (TLS + CA), API on http://%s:%d, "
                + "config from %s%n", cp.xdsPort(), cp.xdsTlsPort().orElseThrow(),
                options.apiAddress().getHostString(), cp.apiPort(), configDir.toAbsolutePath());
        MeshCa ca = cp.ca().orElseThrow();
        err().printf("trust domain %s, %s root pin %s%n", ca.trustDomain(),
                ca.pluggedIn() ? "plugged-in CA," : "self-signed CA,", ca.signingRootPin());
        stopped.await();
        return 0;
    }

    /** All three CA files, or none. */
    private Optional<IdentityOptions.PluggedCa> pluggedCa() {
        if (caCert == null && caKey == null && caChain == null) {
            return Optional.empty();
        }
        if (caCert == null || caKey == null || caChain == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ca-cert, --ca-key and --ca-chain go "
                    + "together (given: " + (caCert == null ? "" : "--ca-cert ") + (caKey == null ? "" : "--ca-key ")
                    + (caChain == null ? "" : "--ca-chain") + ")");
        }
        return Optional.of(new IdentityOptions.PluggedCa(caCert, caKey, caChain));
    }
}
