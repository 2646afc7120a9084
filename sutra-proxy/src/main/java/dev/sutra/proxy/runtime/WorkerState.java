package dev.sutra.proxy.runtime;

import dev.sutra.api.Nullable;
import dev.sutra.proxy.cluster.LoadBalancer;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.upstream.Connector;
import dev.sutra.proxy.upstream.UpstreamPools;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

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

    /** A load balancer and the compiled cluster it was built from. */
    private record Balancer(CompiledCluster cluster, LoadBalancer lb) {
    }

    WorkerState(EventLoop loop, Connector connector, long seed) {
        this.loop = loop;
        this.pools = new UpstreamPools(loop, connector);
        this.random = new SplittableRandom(seed);
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
        if (b == null || b.cluster() != cluster) {
            b = new Balancer(cluster, LoadBalancer.create(cluster.lb(), cluster.endpoints(), random.split()));
            balancers.put(cluster.name(), b);
        }
        return b.lb();
    }

    /** Forgets balancers of clusters that no longer exist. */
    void retainClusters(java.util.Set<String> names) {
        balancers.keySet().retainAll(names);
    }
}
