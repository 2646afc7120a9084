package dev.sutra.controlplane;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.controlplane.ca.IdentityOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How to run a control plane.
 *
 * @param configDir the directory of Istio YAML the embedded store watches and writes
 * @param stateDir where the control plane keeps its own state (admin token, CA, join-token key)
 * @param xdsAddress the plaintext xDS (ADS) address, port 15010 by default
 * @param apiAddress the HTTP API address, 127.0.0.1:15014 by default
 * @param settings mesh-wide settings; their trust domain is the CA's
 * @param debounce how long config must be quiet before a push
 * @param registryGrace how long a disconnected proxy's endpoints stay
 * @param identity the CA and the TLS port (15012); empty for a mesh without identities, where
 *     proxies get no trust bundle and traffic stays plaintext
 */
public record ControlPlaneOptions(Path configDir, Path stateDir, InetSocketAddress xdsAddress,
        InetSocketAddress apiAddress, MeshSettings settings, Duration debounce, Duration registryGrace,
        Optional<IdentityOptions> identity) {

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
        requireNonNull(identity, "identity");
    }

    /** Options for a mesh without identities, as before the CA existed; add one with {@link #withIdentity}. */
    public ControlPlaneOptions(Path configDir, Path stateDir, InetSocketAddress xdsAddress,
            InetSocketAddress apiAddress, MeshSettings settings, Duration debounce, Duration registryGrace) {
        this(configDir, stateDir, xdsAddress, apiAddress, settings, debounce, registryGrace, Optional.empty());
    }

    /**
     * Defaults for {@code configDir}: Istio's ports, API on loopback, 100 ms debounce, 10 s grace, and
     * no identities, so embedders (tests, the demo) whose proxies hold no certificates keep working;
     * {@code sutra controlplane} always runs with a CA ({@link #withIdentity}).
     */
    public static ControlPlaneOptions defaults(Path configDir, Path stateDir) {
        return new ControlPlaneOptions(configDir, stateDir, new InetSocketAddress("0.0.0.0", XDS_PORT),
                new InetSocketAddress("127.0.0.1", API_PORT), MeshSettings.DEFAULT, Duration.ofMillis(100),
                Duration.ofSeconds(10));
    }

    /** The same options on ports the OS picks: for tests and for several control planes on one host. */
    public ControlPlaneOptions withEphemeralPorts() {
        return new ControlPlaneOptions(configDir, stateDir, new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0), settings, debounce, registryGrace,
                identity.map(i -> i.withTlsAddress(new InetSocketAddress("127.0.0.1", 0))));
    }

    public ControlPlaneOptions withXdsPort(int port) {
        return new ControlPlaneOptions(configDir, stateDir, new InetSocketAddress(xdsAddress.getHostString(), port),
                apiAddress, settings, debounce, registryGrace, identity);
    }

    public ControlPlaneOptions withRegistryGrace(Duration grace) {
        return new ControlPlaneOptions(configDir, stateDir, xdsAddress, apiAddress, settings, debounce, grace,
                identity);
    }

    /**
     * Identities on, as {@code change} makes them from the current identity options, else from the
     * defaults with the TLS port on the xDS host: port 15012, or one the OS picks when the xDS port
     * is picked by the OS too. {@code withIdentity(i -> i)} turns the defaults on.
     */
    public ControlPlaneOptions withIdentity(UnaryOperator<IdentityOptions> change) {
        IdentityOptions base = identity.orElseGet(() -> IdentityOptions.defaults(new InetSocketAddress(
                xdsAddress.getHostString(), xdsAddress.getPort() == 0 ? 0 : IdentityOptions.TLS_PORT)));
        return new ControlPlaneOptions(configDir, stateDir, xdsAddress, apiAddress, settings, debounce, registryGrace,
                Optional.of(change.apply(base)));
    }

    /** A mesh without identities: no CA, no TLS port, no trust bundle in what proxies get. */
    public ControlPlaneOptions withoutIdentity() {
        return new ControlPlaneOptions(configDir, stateDir, xdsAddress, apiAddress, settings, debounce, registryGrace,
                Optional.empty());
    }
}
