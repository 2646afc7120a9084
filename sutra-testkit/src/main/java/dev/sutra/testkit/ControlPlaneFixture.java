package dev.sutra.testkit;

import dev.sutra.api.config.ConfigKind;
import dev.sutra.api.config.ResourceKey;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.SpiffeId;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.controlplane.ca.IdentityOptions;
import dev.sutra.controlplane.ca.MeshCa;
import dev.sutra.controlplane.store.ApplyResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real control plane inside the test JVM, on ports the OS picks, with its config and state in a
 * directory the test owns. Like {@code sutra controlplane} it runs the CA and the TLS port unless
 * built {@link Builder#withoutIdentity() without}, and proxies started with
 * {@link ProxyFixture.Builder#controlPlane} then join with a token and talk mTLS. Close it in
 * {@code @AfterEach}/{@code @AfterAll}.
 */
public final class ControlPlaneFixture implements AutoCloseable {

    private final ControlPlane controlPlane;
    private final Path configDir;

    private ControlPlaneFixture(ControlPlane controlPlane, Path configDir) {
        this.controlPlane = controlPlane;
        this.configDir = configDir;
    }

    /** Starts with the YAML in {@code initialConfig} (may be empty) under {@code dir}. */
    public static ControlPlaneFixture start(Path dir, String initialConfig) throws IOException {
        return builder(dir).config(initialConfig).start();
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public int xdsPort() {
        return controlPlane.xdsPort();
    }

    /** The TLS port (ADS and the CA), when the control plane runs a CA. */
    public Optional<Integer> tlsPort() {
        return controlPlane.xdsTlsPort();
    }

    public Optional<MeshCa> ca() {
        return controlPlane.ca();
    }

    /** A join token for {@code namespace}/{@code serviceAccount}, valid for an hour. */
    public String joinToken(String namespace, String serviceAccount) {
        MeshCa ca = ca().orElseThrow(() -> new IllegalStateException("this control plane runs without a CA"));
        return ca.issueToken(ca.identity(namespace, serviceAccount), Duration.ofHours(1));
    }

    public SpiffeId identity(String namespace, String serviceAccount) {
        return ca().orElseThrow().identity(namespace, serviceAccount);
    }

    public int apiPort() {
        return controlPlane.apiPort();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort();
    }

    public Path configDir() {
        return configDir;
    }

    /** Applies YAML directly through the store; fails the test if it is refused. */
    public void apply(String yaml) {
        ApplyResult result = controlPlane.store().apply("test.yaml", yaml);
        if (result instanceof ApplyResult.Rejected rejected) {
            throw new AssertionError("config refused: " + rejected.errors());
        }
    }

    /** Deletes one resource through the store; fails the test if there is no such resource. */
    public void delete(ConfigKind kind, String namespace, String name) {
        if (!controlPlane.store().delete(new ResourceKey(kind, namespace, name))) {
            throw new AssertionError("no " + kind + " " + namespace + "/" + name + " to delete");
        }
    }

    @Override
    public void close() {
        controlPlane.close();
    }

    /** How to start one. */
    public static final class Builder {
        private final Path dir;
        private String config = "";
        private Duration registryGrace = Duration.ofSeconds(10);
        private int xdsPort;
        private int tlsPort;
        private boolean identity = true;
        private UnaryOperator<IdentityOptions> identityChange = UnaryOperator.identity();

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder config(String yaml) {
            this.config = yaml;
            return this;
        }

        public Builder registryGrace(Duration grace) {
            this.registryGrace = grace;
            return this;
        }

        /** Fixed ports, so a restart comes back where proxies look for it (0: the OS picks). */
        public Builder ports(int xds, int tls) {
            this.xdsPort = xds;
            this.tlsPort = tls;
            return this;
        }

        /** A mesh without identities: no CA, no TLS port, plaintext everywhere. */
        public Builder withoutIdentity() {
            this.identity = false;
            return this;
        }

        /** Changes the CA's options (certificate lifetimes, say). */
        public Builder identity(UnaryOperator<IdentityOptions> change) {
            this.identityChange = change;
            return this;
        }

        public ControlPlaneFixture start() throws IOException {
            Path configDir = dir.resolve("config");
            Files.createDirectories(configDir);
            if (!config.isBlank()) {
                Files.writeString(configDir.resolve("initial.yaml"), config);
            }
            ControlPlaneOptions options = ControlPlaneOptions.defaults(configDir, dir.resolve("state"))
                    .withEphemeralPorts()
                    .withRegistryGrace(registryGrace)
                    .withXdsPort(xdsPort);
            options = identity
                    ? options.withIdentity(i -> identityChange.apply(
                            i.withTlsAddress(new InetSocketAddress("127.0.0.1", tlsPort))))
                    : options.withoutIdentity();
            return new ControlPlaneFixture(ControlPlane.start(options, new ConfigValidator()::validate), configDir);
        }
    }
}
