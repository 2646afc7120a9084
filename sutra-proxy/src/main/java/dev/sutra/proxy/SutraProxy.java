package dev.sutra.proxy;

import dev.sutra.proxy.admin.AdminServer;
import dev.sutra.proxy.config.ConfigCompiler;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.listener.ListenerManager;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.runtime.Transports;
import dev.sutra.proxy.stats.ProxyStats;
import dev.sutra.proxy.xds.XdsClient;
import dev.sutra.proxy.xds.XdsSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
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
    private final XdsClient xds;
    private final AdminServer admin;
    private volatile boolean ready;

    private SutraProxy(ProxyOptions options) throws IOException {
        int threads = options.workers() > 0 ? options.workers() : Runtime.getRuntime().availableProcessors();
        this.runtime = new ProxyRuntime(threads, new ProxyStats());
        this.listeners = new ListenerManager(runtime);
        this.xds = XdsClient.builder(options.controlPlaneHost(), options.controlPlanePort(),
                        dev.sutra.xds.node.NodeMetadata.toNode(options.node("cluster.local")), this::apply)
                .stateDirectory(options.stateDir())
                .initialWait(options.initialWait())
                .start();
        this.admin = AdminServer.start(new InetSocketAddress(options.adminAddress(), options.adminPort()), runtime,
                () -> xds, () -> ready);
        log.info("sutra proxy {} ({} {} worker threads, {} transport), admin on {}:{}", options.workloadName(),
                options.namespace(), threads, Transports.nativeEpoll() ? "epoll" : "NIO", options.adminAddress(),
                admin.port());
    }

    public static SutraProxy start(ProxyOptions options) throws IOException {
        return new SutraProxy(options);
    }

    /** Compiles, binds and publishes a snapshot; throws (so the client NACKs) and changes nothing on error. */
    private void apply(XdsSnapshot snapshot) throws dev.sutra.proxy.config.InvalidConfigException {
        ProxyConfig config = ConfigCompiler.compile(snapshot);
        listeners.apply(config);
        runtime.publish(config);
        ready = true;
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

    public java.util.Map<String, java.net.SocketAddress> listenerAddresses() {
        return listeners.addresses();
    }

    @Override
    public void close() {
        admin.close();
        xds.close();
        listeners.close();
        runtime.close();
    }
}
