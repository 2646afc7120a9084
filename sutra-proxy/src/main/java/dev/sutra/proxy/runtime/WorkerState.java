package dev.sutra.proxy.runtime;

import dev.sutra.api.Nullable;
import dev.sutra.proxy.cluster.LoadBalancer;
import dev.sutra.proxy.cluster.OutlierDetector;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.config.UpstreamTls;
import dev.sutra.proxy.tls.TlsContexts;
import dev.sutra.proxy.upstream.Connector;
import dev.sutra.proxy.upstream.TlsSetup;
import javax.net.ssl.SSLException;
import dev.sutra.proxy.upstream.UpstreamPools;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * What one event loop owns: its upstream pools and its load balancers. Only that loop's thread
 * touches it (Envoy's worker model), so nothing here is synchronized. A load balancer is rebuilt
 * when its cluster's compiled config changes; the old one keeps counting the requests it started.
 */
public final class WorkerState {

    private final EventLoop loop;
    private final UpstreamPools pools;
    private final SplittableRandom random;
    private final Map<String, Balancer> balancers = new HashMap<>();
    private final Function<String, OutlierDetector> outliers;

    /** A load balancer, the compiled cluster it was built from, and the outlier state it reflects. */
    private static final class Balancer {
        final CompiledCluster cluster;
        final LoadBalancer lb;
        long outlierVersion;

        Balancer(CompiledCluster cluster, LoadBalancer lb) {
            this.cluster = cluster;
            this.lb = lb;
        }
    }

    private final TlsContexts tls;
    private final Map<UpstreamTls, TlsSetup> tlsSetups = new HashMap<>();
    private long tlsGeneration = -1;

    WorkerState(EventLoop loop, Connector connector, TlsContexts tls, long seed,
            Function<String, OutlierDetector> outliers) {
        this.outliers = outliers;
        this.loop = loop;
        this.pools = new UpstreamPools(loop, connector);
        this.random = new SplittableRandom(seed);
        this.tls = tls;
    }

    /**
     * How to secure a connection as {@code spec} says, or null for plaintext; built once per TLS
     * generation and kept, so a request does not allocate it.
     *
     * @throws SSLException when the TLS cannot be set up (no identity yet, an unreadable file)
     */
    public @Nullable TlsSetup tlsSetup(UpstreamTls spec) throws SSLException {
        if (spec instanceof UpstreamTls.Plaintext) {
            return null;
        }
        long generation = tls.generation();
        if (generation != tlsGeneration) {
            tlsSetups.clear();
            tlsGeneration = generation;
        }
        TlsSetup setup = tlsSetups.get(spec);
        if (setup == null) {
            setup = switch (spec) {
                case UpstreamTls.Mesh m -> new TlsSetup(tls.client(m), m.sni(), m.peers(), true, generation);
                case UpstreamTls.Files f -> new TlsSetup(tls.client(f), f.sni(), f.subjectAltNames(), false, generation);
                case UpstreamTls.Plaintext p -> throw new IllegalStateException("unreachable");
            };
            tlsSetups.put(spec, setup);
        }
        return setup;
    }

    public EventLoop loop() {
        return loop;
    }

    public UpstreamPools pools() {
        return pools;
    }

    /** A random value for route matching and weighted picks (per loop, no contention). */
    public long nextRandom() {
        return random.nextLong();
    }

    /** This loop's balancer for {@code cluster}, or null while the cluster has no endpoints yet. */
    public @Nullable LoadBalancer balancer(CompiledCluster cluster) {
        if (cluster.endpoints() == null) {
            return null;
        }
        Balancer b = balancers.get(cluster.name());
        if (b == null || b.cluster != cluster) {
            b = new Balancer(cluster, LoadBalancer.create(cluster.lb(), cluster.endpoints(), random.split()));
            balancers.put(cluster.name(), b);
        }
        if (cluster.outlier() != null) {
            // Ejections and returns move the version; the balancer then sees them as unhealthy hosts.
            OutlierDetector detector = outliers.apply(cluster.name());
            long version = detector.version();
            if (version != b.outlierVersion) {
                b.lb.refresh(detector);
                b.outlierVersion = version;
            }
        }
        return b.lb;
    }

    /** Forgets balancers of clusters that no longer exist. */
    void retainClusters(java.util.Set<String> names) {
        balancers.keySet().retainAll(names);
    }
}
