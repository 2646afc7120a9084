package dev.sutra.proxy.runtime;

import dev.sutra.proxy.accesslog.AccessLogWriters;
import dev.sutra.proxy.cluster.ClusterResources;
import dev.sutra.proxy.cluster.Endpoint;
import dev.sutra.proxy.cluster.OutlierDetector;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.stats.ProxyStats;
import dev.sutra.proxy.tls.TlsContexts;
import dev.sutra.proxy.upstream.Connector;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The running data plane: event loops (one per core), the config in force, stats, and each loop's
 * own state. Config is published with one volatile write; requests read it once.
 */
public final class ProxyRuntime implements AutoCloseable {

    private final EventLoopGroup group;
    private final ProxyStats stats;
    private final AccessLogWriters accessLogs = new AccessLogWriters();
    private final TlsContexts tls;
    private final Map<EventExecutor, WorkerState> workers = new IdentityHashMap<>();
    private volatile ProxyConfig config = ProxyConfig.EMPTY;
    private final ConcurrentHashMap<String, ClusterResources> resources = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, OutlierDetector> outliers = new ConcurrentHashMap<>();

    public ProxyRuntime(int threads, ProxyStats stats, TlsContexts tls) {
        this.group = Transports.group(threads, new DefaultThreadFactory("sutra-worker", true));
        this.stats = stats;
        stats.accessLogDrops(accessLogs::dropped);
        this.tls = tls;
        Connector connector = new Connector(stats);
        long seed = System.nanoTime();
        for (EventExecutor e : group) {
            workers.put(e, new WorkerState((EventLoop) e, connector, tls, seed++, this::outliers));
        }
        tls.onRotation(generation -> {
            for (WorkerState w : workers.values()) {
                w.loop().execute(() -> w.pools().retireTlsBefore(generation));
            }
        });
    }

    /** The data path's TLS contexts (mesh identity and external TLS). */
    public TlsContexts tls() {
        return tls;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** The access log files the config in force names. */
    public AccessLogWriters accessLogs() {
        return accessLogs;
    }

    public ProxyStats stats() {
        return stats;
    }

    public ProxyConfig config() {
        return config;
    }

    /** The circuit-breaker counters of {@code cluster}, shared by every loop. */
    public ClusterResources resources(String cluster) {
        ClusterResources r = resources.get(cluster);
        return r != null ? r : resources.computeIfAbsent(cluster, c -> new ClusterResources());
    }

    /** The outlier detector of {@code cluster}, shared by every loop. */
    public OutlierDetector outliers(String cluster) {
        OutlierDetector d = outliers.get(cluster);
        return d != null ? d : outliers.computeIfAbsent(cluster, c -> new OutlierDetector(group.next(), System::nanoTime));
    }

    /** Outlier detectors by cluster (for {@code /clusters}). */
    public Map<String, OutlierDetector> outlierDetectors() {
        return Map.copyOf(outliers);
    }

    /** The state of {@code loop}; call only on that loop. */
    public WorkerState worker(EventLoop loop) {
        return workers.get(loop);
    }

    /**
     * Publishes a new config. In-flight requests keep the config they started with; each loop then
     * drops balancers of removed clusters and drains connections to addresses no cluster uses.
     */
    public void publish(ProxyConfig next) {
        this.config = next;
        Set<InetSocketAddress> live = new HashSet<>();
        for (CompiledCluster c : next.clusters().values()) {
            if (c.endpoints() != null) {
                for (Endpoint e : c.endpoints().endpoints()) {
                    live.add(e.socketAddress());
                }
            }
        }
        Set<String> clusters = Set.copyOf(next.clusters().keySet());
        // Requests still in flight to a removed cluster hold their counters and release them there.
        resources.keySet().retainAll(clusters);
        outliers.keySet().retainAll(clusters);
        outliers.forEach((name, detector) -> {
            CompiledCluster c = next.clusters().get(name);
            if (c != null && c.endpoints() != null) {
                Set<InetSocketAddress> hosts = new HashSet<>();
                c.endpoints().endpoints().forEach(e -> hosts.add(e.socketAddress()));
                detector.retainHosts(hosts);
            }
        });
        for (WorkerState w : workers.values()) {
            w.loop().execute(() -> {
                w.retainClusters(clusters);
                w.pools().retainOnly(live);
            });
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        accessLogs.close();
    }
}
