package dev.sutra.proxy.cluster;

import java.util.random.RandomGenerator;

/**
 * {@code RANDOM}: a uniformly random host of the chosen list. Like Envoy it ignores weights and
 * reuses the value that chose the priority. Single-threaded: one instance per event loop.
 */
public final class RandomLoadBalancer extends LoadBalancer {

    RandomLoadBalancer(EndpointSet set, LbConfig config, RandomGenerator random) {
        super(set, config, random);
    }

    @Override
    void prepare(HostSource source) {
    }

    @Override
    Endpoint pickFrom(HostSource source, long random) {
        return source.hosts[(int) Long.remainderUnsigned(random, source.hosts.length)];
    }
}
