package dev.sutra.controlplane;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.mesh.MeshSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run a control plane.
 *
 * @param configDir the directory of Istio YAML the embedded store watches and writes
 * @param stateDir where the control plane keeps its own state (admin token; the CA later)
 * @param xdsAddress the plaintext xDS (ADS) address, port 15010 by default
 * @param apiAddress the HTTP API address, 127.0.0.1:15014 by default
 * @param settings mesh-wide settings
 * @param debounce how long config must be quiet before a push
 * @param registryGrace how long a disconnected proxy's endpoints stay
 */
public record ControlPlaneOptions(Path configDir, Path stateDir, InetSocketAddress xdsAddress,
        InetSocketAddress apiAddress, MeshSettings settings, Duration debounce, Duration registryGrace) {

    public static final int XDS_PORT = 15010;
    public static final int API_PORT = 15014;

    public ControlPlaneOptions {
        requireNonNull(configDir, "configDir");
        requireNonNull(stateDir, "stateDir");
        requireNonNull(xdsAddress, "xdsAddress");
        requireNonNull(apiAddress, "apiAddress");
        requireNonNull(settings, "settings");
        requireNonNull(debounce, "debounce");
        requireNonNull(registryGrace, "registryGrace");
    }

    /** Defaults for {@code configDir}: Istio's ports, API on loopback, 100 ms debounce, 10 s grace. */
    public static ControlPlaneOptions defaults(Path configDir, Path stateDir) {
        return new ControlPlaneOptions(configDir, stateDir, new InetSocketAddress("0.0.0.0", XDS_PORT),
                new InetSocketAddress("127.0.0.1", API_PORT), MeshSettings.DEFAULT, Duration.ofMillis(100),
                Duration.ofSeconds(10));
    }

    /** The same options on ports the OS picks: for tests and for several control planes on one host. */
    public ControlPlaneOptions withEphemeralPorts() {
        return new ControlPlaneOptions(configDir, stateDir, new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0), settings, debounce, registryGrace);
    }

    public ControlPlaneOptions withXdsPort(int port) {
        return new ControlPlaneOptions(configDir, stateDir, new InetSocketAddress(xdsAddress.getHostString(), port),
                apiAddress, settings, debounce, registryGrace);
    }

    public ControlPlaneOptions withRegistryGrace(Duration grace) {
        return new ControlPlaneOptions(configDir, stateDir, xdsAddress, apiAddress, settings, debounce, grace);
    }
}
