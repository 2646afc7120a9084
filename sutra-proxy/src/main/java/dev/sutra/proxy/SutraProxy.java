package dev.sutra.proxy;

import dev.sutra.api.Nullable;
import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.SpiffeId;
import dev.sutra.proxy.accesslog.AccessLogWriters;
import dev.sutra.proxy.admin.AdminServer;
import dev.sutra.proxy.config.AccessLogSpec;
import dev.sutra.proxy.config.CompiledListener;
import dev.sutra.proxy.config.ConfigCompiler;
import dev.sutra.proxy.config.FilterChainSpec;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.identity.ControlPlaneTls;
import dev.sutra.proxy.identity.IdentityManager;
import dev.sutra.proxy.listener.ListenerManager;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.runtime.Transports;
import dev.sutra.proxy.stats.ProxyStats;
import dev.sutra.proxy.tls.TlsContexts;
import dev.sutra.proxy.xds.XdsClient;
import dev.sutra.proxy.xds.XdsSnapshot;
import dev.sutra.xds.node.NodeMetadata;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sidecar: event loops, listeners, the xDS client feeding them, and the admin server.
 * Config flows one way: xDS snapshot → compiled {@link ProxyConfig} → listeners bound → published
 * to the event loops with one volatile write.
 */
public final class SutraProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SutraProxy.class);

    private final ProxyRuntime runtime;
    private final ListenerManager listeners;
    private final @Nullable IdentityManager identity;
    private final XdsClient xds;
    private final AdminServer admin;

    private SutraProxy(ProxyOptions options) throws IOException {
        int threads = options.workers() > 0 ? options.workers() : Runtime.getRuntime().availableProcessors();
        this.identity = options.identity() == null ? null : IdentityManager.start(new IdentityManager.Settings(
                new SpiffeId(options.identity().trustDomain(), options.namespace(), options.serviceAccount()),
                options.stateDir(), options.controlPlaneHost(), options.controlPlanePort(),
                options.identity().joinToken(), options.identity().caRootFile()));
        TlsContexts tls = new TlsContexts(identity);
        this.runtime = new ProxyRuntime(threads, new ProxyStats(), tls);
        if (identity != null) {
            runtime.stats().certificates(() -> expiring(identity));
        }
        this.listeners = new ListenerManager(runtime);
        var builder = XdsClient.builder(options.controlPlaneHost(), options.controlPlanePort(),
                        NodeMetadata.toNode(options.node(options.identity() == null ? "cluster.local"
                                : options.identity().trustDomain())), this::apply)
                .stateDirectory(options.stateDir())
                .initialWait(options.initialWait());
        if (identity != null) {
            builder.credentials(ControlPlaneTls.credentials(identity));
            awaitCertificate(identity, options.initialWait());
        }
        this.xds = builder.start();
        if (identity != null) {
            // The control plane sees a client certificate at the handshake only: a new one needs a new connection.
            identity.onCertificate(cert -> xds.reconnect("workload certificate " + cert.serialHex()));
        }
        this.admin = AdminServer.start(new InetSocketAddress(options.adminAddress(), options.adminPort()), runtime,
                () -> xds, () -> ready(xds.firstApplied()));
        log.info("sutra proxy {} ({} {} worker threads, {} transport, TLS by {}{}), admin on {}:{}",
                options.workloadName(), options.namespace(), threads, Transports.nativeEpoll() ? "epoll" : "NIO",
                tls.provider(), identity == null ? ", no identity" : ", identity " + identity.identity(),
                options.adminAddress(), admin.port());
    }

    /** The xDS stream over mTLS needs the certificate: wait for it a little, as Envoy waits for SDS. */
    private static void awaitCertificate(IdentityManager identity, Duration wait) {
        try {
            identity.firstCertificate().get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("no workload certificate yet for {}; the xDS stream retries until one arrives", identity.identity());
        }
    }

    public static SutraProxy start(ProxyOptions options) throws IOException {
        return new SutraProxy(options);
    }

    /** Compiles, binds and publishes a snapshot; throws (so the client NACKs) and changes nothing on error. */
    private void apply(XdsSnapshot snapshot) throws InvalidConfigException {
        ProxyConfig config = ConfigCompiler.compile(snapshot);
        if (identity == null) {
            requireNoMeshTls(config);
        }
        if (identity != null && config.roots() != null) {
            identity.updateBundle(config.roots());
        }
        runtime.tls().prepare(config);
        openAccessLogs(config);
        listeners.apply(config);
        runtime.publish(config);
    }

    /** Opens the access log files {@code config} names (closing those it no longer names); a file that cannot be opened rejects it. */
    private void openAccessLogs(ProxyConfig config) throws InvalidConfigException {
        Map<String, AccessLogSpec> byPath = new LinkedHashMap<>();
        for (CompiledListener l : config.listeners().values()) {
            for (FilterChainSpec chain : l.chains()) {
                if (chain.chain() instanceof ListenerChain.Http http) {
                    http.accessLogs().forEach(spec -> byPath.putIfAbsent(spec.path(), spec));
                }
            }
        }
        try {
            runtime.accessLogs().retain(byPath.keySet());
        } catch (AccessLogWriters.OpenFailure e) {
            AccessLogSpec spec = byPath.get(e.path());
            throw new InvalidConfigException("Listener", spec.listener(), spec.field() + ".typed_config.path",
                    "cannot open " + e.path() + ": " + e.getMessage());
        }
    }

    /**
     * Ready as Envoy is once its initial fetch is over: the first complete config applied (or the
     * persisted one when the control plane did not answer in time), not merely a first resource.
     */
    private static boolean ready(CompletableFuture<Void> firstApplied) {
        return firstApplied.isDone() && !firstApplied.isCompletedExceptionally();
    }

    private static List<ProxyStats.Expiring> expiring(IdentityManager identity) {
        List<ProxyStats.Expiring> out = new ArrayList<>();
        Instant now = Instant.now();
        var cert = identity.current();
        if (cert != null) {
            var info = CertificateInfo.of(cert.leaf(), now);
            out.add(new ProxyStats.Expiring("workload", info.identity(), info.serialHex(), info.secondsUntilExpiry()));
        }
        var trust = identity.trust();
        if (trust != null) {
            for (var root : trust.bundle().roots()) {
                var info = CertificateInfo.of(root, now);
                out.add(new ProxyStats.Expiring("root", info.identity(), info.serialHex(), info.secondsUntilExpiry()));
            }
        }
        return out;
    }

    /** Refuses, naming the first resource, config that needs a workload certificate this proxy lacks. */
    private static void requireNoMeshTls(ProxyConfig config) throws InvalidConfigException {
        String why = "mesh TLS is configured but this proxy has no identity (start it with --join-token or "
                + "--ca-root-file, or run the control plane without a CA)";
        for (var l : config.listeners().values()) {
            if (l.tlsChain() != null) {
                throw new InvalidConfigException("Listener", l.name(), "filter_chains.transport_socket", why);
            }
        }
        for (var c : config.clusters().values()) {
            if (c.tls().usesMeshIdentity()) {
                throw new InvalidConfigException("Cluster", c.name(), "transport_socket", why);
            }
        }
    }

    public @Nullable IdentityManager identity() {
        return identity;
    }

    /** Completes once the first config (from the control plane or the state directory) is in force. */
    public CompletableFuture<Void> firstApplied() {
        return xds.firstApplied();
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public XdsClient xds() {
        return xds;
    }

    public int adminPort() {
        return admin.port();
    }

    public Map<String, SocketAddress> listenerAddresses() {
        return listeners.addresses();
    }

    @Override
    public void close() {
        admin.close();
        xds.close();
        listeners.close();
        runtime.close();
        if (identity != null) {
            identity.close();
        }
    }
}
