package dev.sutra.controlplane;

import dev.sutra.controlplane.api.ApiServer;
import dev.sutra.controlplane.push.PushController;
import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.controlplane.store.ConfigCheck;
import dev.sutra.controlplane.store.ConfigStore;
import dev.sutra.controlplane.store.FileConfigStore;
import dev.sutra.controlplane.xds.StreamTracker;
import dev.sutra.controlplane.xds.XdsCache;
import dev.sutra.controlplane.xds.XdsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A running control plane: config store, proxy registry, push controller, xDS server and HTTP API,
 * wired together. {@link #close()} stops everything it started.
 */
public final class ControlPlane implements AutoCloseable {

    private final ConfigStore store;
    private final XdsCache cache;
    private final XdsServer xds;
    private final ApiServer api;
    private final List<AutoCloseable> closeables;

    private ControlPlane(ConfigStore store, XdsCache cache, XdsServer xds, ApiServer api,
            List<AutoCloseable> closeables) {
        this.store = store;
        this.cache = cache;
        this.xds = xds;
        this.api = api;
        this.closeables = closeables;
    }

    /** Starts a control plane; {@code check} validates every candidate config. */
    public static ControlPlane start(ControlPlaneOptions options, ConfigCheck check) throws IOException {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(options.stateDir());
            ConfigStore store = FileConfigStore.open(options.configDir(), check);
            started.add(store);
            ProxyRegistry registry = new ProxyRegistry(options.registryGrace(),
                    options.stateDir().resolve("proxies.pb"));
            started.add(registry);
            StreamTracker streams = new StreamTracker(registry);
            XdsCache cache = new XdsCache(streams);
            PushController push = new PushController(store, registry, options.settings(), cache, options.debounce());
            started.add(push);
            push.start();
            XdsServer xds = XdsServer.start(options.xdsAddress(), cache, streams);
            started.add(xds);
            ApiServer api = ApiServer.start(options.apiAddress(), store, cache, adminToken(options.stateDir()));
            started.add(api);
            Collections.reverse(started);
            return new ControlPlane(store, cache, xds, api, started);
        } catch (IOException | RuntimeException e) {
            Collections.reverse(started);
            closeAll(started);
            throw e;
        }
    }

    /** The admin token mutating API calls from other hosts must carry, created on first start. */
    static String adminToken(Path stateDir) throws IOException {
        Path file = stateDir.resolve("admin-token");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own protection has to do.
        }
        return token;
    }

    public ConfigStore store() {
        return store;
    }

    public XdsCache cache() {
        return cache;
    }

    public int xdsPort() {
        return xds.port();
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        closeAll(closeables);
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ControlPlane.class).warn("stopping {}", c, e);
            }
        }
    }
}
