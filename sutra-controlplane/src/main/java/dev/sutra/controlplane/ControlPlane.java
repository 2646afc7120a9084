package dev.sutra.controlplane;

import dev.sutra.api.Nullable;
import dev.sutra.ca.SpiffeId;
import dev.sutra.controlplane.api.ApiServer;
import dev.sutra.controlplane.ca.IdentityOptions;
import dev.sutra.controlplane.ca.MeshCa;
import dev.sutra.controlplane.ca.TlsServer;
import dev.sutra.controlplane.push.PushController;
import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.controlplane.store.ConfigCheck;
import dev.sutra.controlplane.store.ConfigStore;
import dev.sutra.controlplane.store.FileConfigStore;
import dev.sutra.controlplane.xds.DiscoveryServices;
import dev.sutra.controlplane.xds.StreamTracker;
import dev.sutra.controlplane.xds.XdsCache;
import dev.sutra.controlplane.xds.XdsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running control plane: config store, proxy registry, push controller, xDS servers, the CA
 * and the HTTP API, wired together. {@link #close()} stops everything it started.
 */
public final class ControlPlane implements AutoCloseable {

    /** How long a rotation step waits for the push of the new trust bundle. */
    private static final long BUNDLE_PUSH_TIMEOUT_SECONDS = 30;

    private final ConfigStore store;
    private final XdsCache cache;
    private final XdsServer xds;
    private final @Nullable MeshCa ca;
    private final @Nullable TlsServer tls;
    private final ApiServer api;
    private final List<AutoCloseable> closeables;

    private ControlPlane(ConfigStore store, XdsCache cache, XdsServer xds, @Nullable MeshCa ca,
            @Nullable TlsServer tls, ApiServer api, List<AutoCloseable> closeables) {
        this.store = store;
        this.cache = cache;
        this.xds = xds;
        this.ca = ca;
        this.tls = tls;
        this.api = api;
        this.closeables = closeables;
    }

    /** Starts a control plane; {@code check} validates every candidate config. */
    public static ControlPlane start(ControlPlaneOptions options, ConfigCheck check) throws IOException {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(options.stateDir());
            // The CA first: the first push already carries its trust bundle.
            MeshCa ca = null;
            if (options.identity().isPresent()) {
                ca = MeshCa.open(options.stateDir(), options.settings().trustDomain(), options.identity().get());
            }
            MeshCa bundleSource = ca;
            ConfigStore store = FileConfigStore.open(options.configDir(), check);
            started.add(store);
            ProxyRegistry registry = new ProxyRegistry(options.registryGrace(),
                    options.stateDir().resolve("proxies.pb"));
            started.add(registry);
            StreamTracker streams = new StreamTracker(registry);
            XdsCache cache = new XdsCache(streams);
            PushController push = new PushController(store, registry, options.settings(), cache, options.debounce(),
                    () -> bundleSource == null ? "" : bundleSource.trustBundle().toPem());
            started.add(push);
            push.start();
            DiscoveryServices discovery = new DiscoveryServices(cache, streams);
            XdsServer xds = XdsServer.start(options.xdsAddress(), discovery);
            started.add(xds);
            PrometheusRegistry metrics = new PrometheusRegistry();
            TlsServer tls = null;
            Optional<ApiServer.Identity> identity = Optional.empty();
            if (ca != null) {
                IdentityOptions identityOptions = options.identity().get();
                tls = TlsServer.start(identityOptions, ca, discovery, options.settings().rootNamespace(), metrics,
                        id -> runsAs(cache, id));
                started.add(tls);
                // Registered after the TLS port's own listener: the push goes out once the port
                // trusts the new bundle, and a rotation step returns only after the push.
                ca.onBundleChange(bundle -> awaitPush(push));
                identity = Optional.of(new ApiServer.Identity(ca, tls.inventory(), push::pushedBundle));
            }
            ApiServer api = ApiServer.start(options.apiAddress(), store, cache, adminToken(options.stateDir()),
                    identity, metrics);
            started.add(api);
            Collections.reverse(started);
            return new ControlPlane(store, cache, xds, ca, tls, api, started);
        } catch (IOException | RuntimeException e) {
            Collections.reverse(started);
            closeAll(started);
            throw e;
        }
    }

    private static boolean runsAs(XdsCache cache, SpiffeId identity) {
        return cache.statuses().stream().anyMatch(s -> s.connected()
                && s.node().namespace().equals(identity.namespace())
                && s.node().serviceAccount().equals(identity.serviceAccount()));
    }

    private static void awaitPush(PushController push) {
        try {
            push.pushNow().get(BUNDLE_PUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing the new trust bundle", e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException | CompletionException e) {
            throw new IllegalStateException("pushing the new trust bundle failed: " + e.getMessage(), e);
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

    /** The config store it serves. */
    public ConfigStore store() {
        return store;
    }

    /** What every proxy was sent and where it stands. */
    public XdsCache cache() {
        return cache;
    }

    /** The plaintext xDS port. */
    public int xdsPort() {
        return xds.port();
    }

    /** The TLS port (ADS over mTLS and the CA service). */
    public Optional<Integer> xdsTlsPort() {
        return Optional.ofNullable(tls).map(TlsServer::port);
    }

    /** The mesh CA; empty for a mesh without identities. */
    public Optional<MeshCa> ca() {
        return Optional.ofNullable(ca);
    }

    /** The HTTP API's port. */
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
