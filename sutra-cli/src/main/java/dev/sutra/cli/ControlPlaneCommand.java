package dev.sutra.cli;

import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sutra controlplane}: runs the control plane until interrupted. */
@Command(name = "controlplane", mixinStandardHelpOptions = true,
        description = "Run the control plane: config store, service registry and xDS server.")
final class ControlPlaneCommand extends CliCommandBase implements Callable<Integer> {

    @Option(names = "--config-dir", required = true, defaultValue = "${env:SUTRA_CONFIG_DIR}",
            description = "Directory of Istio YAML to serve; watched, and written by 'sutra apply'.")
    Path configDir;

    @Option(names = "--state-dir", defaultValue = "${env:SUTRA_STATE_DIR:-.sutra/controlplane}",
            description = "Where the control plane keeps its own state (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--xds-address", defaultValue = "${env:SUTRA_XDS_ADDRESS:-0.0.0.0:15010}",
            description = "Plaintext xDS (ADS) address (default: ${DEFAULT-VALUE}).")
    String xdsAddress;

    @Option(names = "--api-address", defaultValue = "${env:SUTRA_API_ADDRESS:-127.0.0.1:15014}",
            description = "HTTP API address (default: ${DEFAULT-VALUE}); mutating calls from other hosts need the admin token.")
    String apiAddress;

    @Option(names = "--trust-domain", defaultValue = "cluster.local", description = "SPIFFE trust domain.")
    String trustDomain;

    @Option(names = "--root-namespace", defaultValue = "istio-system",
            description = "Namespace whose policies apply mesh-wide (default: ${DEFAULT-VALUE}).")
    String rootNamespace;

    @Option(names = "--registry-grace", defaultValue = "10s",
            description = "How long a disconnected proxy's endpoints stay (default: ${DEFAULT-VALUE}).")
    Duration registryGrace;

    @Option(names = "--debounce", defaultValue = "100ms",
            description = "Quiet period before config changes are pushed (default: ${DEFAULT-VALUE}).")
    Duration debounce;

    @Override
    public Integer call() throws Exception {
        MeshSettings settings = new MeshSettings(trustDomain, "cluster.local", rootNamespace);
        ControlPlaneOptions options = new ControlPlaneOptions(configDir, stateDir, HostPorts.bind(xdsAddress, "--xds-address"),
                HostPorts.bind(apiAddress, "--api-address"), settings, debounce, registryGrace);
        ConfigValidator validator = new ConfigValidator(settings);
        ControlPlane cp = ControlPlane.start(options, validator::validate);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cp.close();
            stopped.countDown();
        }, "sutra-shutdown"));
        err().printf("sutra control plane: xDS on port %d, API on http://%s:%d, config from %s%n",
                cp.xdsPort(), options.apiAddress().getHostString(), cp.apiPort(), configDir.toAbsolutePath());
        stopped.await();
        return 0;
    }
}
