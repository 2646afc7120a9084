package dev.sutra.proxy.cluster;

import java.util.random.RandomGenerator;

/**
 * {@code LEAST_REQUEST}, Istio's default, as Envoy implements it.
 *
 * <p>With equal weights: sample {@code choice_count} hosts at random (with replacement) and take
 * the one with the fewest active requests, the first sampled on ties (power of two choices). With
 * differing weights, or whenever {@code active_request_bias} is configured: an EDF schedule where a
 * host's weight is {@code load_balancing_weight / (active + 1)^bias}, recomputed each time it is
 * picked.
 *
 * <p>Active requests are counted per instance through {@link #onStart}/{@link #onEnd}, that is per
 * event loop, where Envoy's counters are shared by all workers. Single-threaded: one instance per
 * event loop.
 */
public final class LeastRequestLoadBalancer extends LoadBalancer {

    LeastRequestLoadBalancer(EndpointSet set, LbConfig config, RandomGenerator random) {
        super(set, config, random);
    }

    @Override
    void prepare(HostSource source) {
        if (source.hosts.length > 1 && (config.activeRequestBiasSet() || source.weightsDiffer())) {
            source.weights = new LoadWeights(source.hosts);
            source.edf = EdfScheduler.create(source.hosts.length, source.weights, seed);
        }
    }

    @Override
    Endpoint pickFrom(HostSource source, long random) {
        if (source.edf != null) {
            return source.hosts[source.edf.pickAndAdd(source.weights)];
        }
        Endpoint[] hosts = source.hosts;
        Endpoint candidate = null;
        for (int i = 0; i < config.choiceCount(); i++) {
            Endpoint sampled = hosts[(int) Long.remainderUnsigned(this.random.nextLong(),
                    hosts.length)];
            if (candidate == null || active[sampled.index()] < active[candidate.index()]) {
                candidate = sampled;
            }
        }
        return candidate;
    }

    /** {@code weight / (active + 1)^bias}; bias 1 and 0 avoid {@code pow}, as Envoy does. */
    private final class LoadWeights implements EdfScheduler.Weights {
        private final Endpoint[] hosts;

        LoadWeights(Endpoint[] hosts) {
            this.hosts = hosts;
        }

        @Override
        public double weight(int entry) {
            Endpoint e = hosts[entry];
            double bias = config.activeRequestBias();
            double load = active[e.index()] + 1.0;
            if (bias == 1.0) {
                return e.weight() / load;
            }
            return bias == 0.0 ? e.weight() : e.weight() / Math.pow(load, bias);
        }
    }
}
