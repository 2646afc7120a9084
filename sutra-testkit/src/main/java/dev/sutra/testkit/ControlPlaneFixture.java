package dev.sutra.testkit;

import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.controlplane.store.ApplyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real control plane inside the test JVM, on ports the OS picks, with its config and state in a
 * directory the test owns. Close it in {@code @AfterEach}/{@code @AfterAll}.
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
        return start(dir, initialConfig, Duration.ofSeconds(10));
    }

    public static ControlPlaneFixture start(Path dir, String initialConfig, Duration registryGrace) throws IOException {
        return start(dir, initialConfig, registryGrace, 0);
    }

    /** Starts with xDS on a fixed port, so a restart comes back where proxies look for it. */
    public static ControlPlaneFixture startOnPort(Path dir, String initialConfig, int xdsPort) throws IOException {
        return start(dir, initialConfig, Duration.ofSeconds(10), xdsPort);
    }

    private static ControlPlaneFixture start(Path dir, String initialConfig, Duration registryGrace, int xdsPort)
            throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        if (!initialConfig.isBlank()) {
            Files.writeString(config.resolve("initial.yaml"), initialConfig);
        }
        ControlPlaneOptions options = ControlPlaneOptions.defaults(config, dir.resolve("state"))
                .withEphemeralPorts()
                .withRegistryGrace(registryGrace)
                .withXdsPort(xdsPort);
        return new ControlPlaneFixture(ControlPlane.start(options, new ConfigValidator()::validate), config);
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public int xdsPort() {
        return controlPlane.xdsPort();
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

    @Override
    public void close() {
        controlPlane.close();
    }
}
