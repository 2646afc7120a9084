package dev.sutra.proxy.cluster;

import java.util.random.RandomGenerator;

/**
 * {@code ROUND_ROBIN}: plain rotation when all weights are equal, starting at a per-instance random
 * offset as Envoy does; an EDF schedule by {@code load_balancing_weight} when they differ.
 * Single-threaded: one instance per event loop.
 */
public final class RoundRobinLoadBalancer extends LoadBalancer {

    RoundRobinLoadBalancer(EndpointSet set, LbConfig config, RandomGenerator random) {
        super(set, config, random);
    }

    @Override
    void prepare(HostSource source) {
        if (source.hosts.length > 1 && source.weightsDiffer()) {
            source.edf = EdfScheduler.create(source.hosts.length, source, seed);
        }
    }

    @Override
    Endpoint pickFrom(HostSource source, long random) {
        if (source.edf != null) {
            return source.hosts[source.edf.pickAndAdd(source)];
        }
        return source.hosts[(int) Long.remainderUnsigned(source.cursor++, source.hosts.length)];
    }
}
