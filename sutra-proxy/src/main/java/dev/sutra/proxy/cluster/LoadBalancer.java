package dev.sutra.proxy.cluster;

import dev.sutra.proxy.config.Nullable;
import java.util.random.RandomGenerator;

/**
 * Picks an endpoint of an {@link EndpointSet} for each request, as Envoy's load balancers do:
 * choose a priority by load (spilling over to lower priorities as health drops), then, with
 * locality-weighted balancing, a locality by weight scaled by its health, then a host with the
 * cluster's policy. In panic the priority's hosts are used regardless of health.
 *
 * <p><b>One instance per event loop.</b> It keeps mutable state (schedules, cursors, active
 * request counts) without locks or atomics, so it must only be used from the loop that owns it.
 * Create a new one when the endpoint set changes; call {@link #refresh} when outlier detection (or
 * anything else behind the {@link HealthOverlay}) changes its mind.
 */
public abstract sealed class LoadBalancer
        permits LeastRequestLoadBalancer, RoundRobinLoadBalancer, RandomLoadBalancer {
    final EndpointSet set;
    final LbConfig config;
    final RandomGenerator random;
    /** One random seed per instance: start offsets of cursors and schedules. */
    final long seed;
    final int[] active;
    private PriorityState state;
    private HostSource[][] sources;
    private HostSource[][][] localitySources;
    private EdfScheduler[][] localitySchedulers;
    private EdfScheduler.Weights[][] localityWeights;

    LoadBalancer(EndpointSet set, LbConfig config, RandomGenerator random) {
        this.set = set;
        this.config = config;
        this.random = random;
        this.seed = random.nextLong();
        this.active = new int[set.endpoints().size()];
        refresh(HealthOverlay.NONE);
    }

    /**
     * A load balancer for {@code set} following {@code config}, using {@code random} (not shared
     * with other threads; a {@link java.util.SplittableRandom} per event loop does).
     */
    public static LoadBalancer create(LbConfig config, EndpointSet set, RandomGenerator random) {
        return switch (config.policy()) {
            case LEAST_REQUEST -> new LeastRequestLoadBalancer(set, config, random);
            case ROUND_ROBIN -> new RoundRobinLoadBalancer(set, config, random);
            case RANDOM -> new RandomLoadBalancer(set, config, random);
        };
    }

    /** The endpoints this balancer picks from. */
    public EndpointSet endpoints() {
        return set;
    }

    /**
     * Recomputes health-derived state: which endpoints are healthy, priority loads, panic, locality
     * weights and schedules. O(n log n); call it when the overlay changes, not per request.
     */
    public final void refresh(HealthOverlay overlay) {
        PriorityState s = PriorityState.compute(set, overlay, config);
        int levels = s.all.length;
        HostSource[][] src = new HostSource[levels][];
        HostSource[][][] loc = new HostSource[levels][2][];
        EdfScheduler[][] locSched = new EdfScheduler[levels][2];
        EdfScheduler.Weights[][] locWeights = new EdfScheduler.Weights[levels][2];
        for (int p = 0; p < levels; p++) {
            src[p] = new HostSource[] {source(s.healthy[p]), source(s.degraded[p]),
                source(s.all[p])};
            if (config.localityWeighted()) {
                loc[p][0] = sources(s.healthyByLocality[p]);
                loc[p][1] = sources(s.degradedByLocality[p]);
                locWeights[p][0] = weights(s.healthyLocalityWeights[p]);
                locWeights[p][1] = weights(s.degradedLocalityWeights[p]);
                locSched[p][0] = localityScheduler(s.healthyLocalityWeights[p], locWeights[p][0]);
                locSched[p][1] = localityScheduler(s.degradedLocalityWeights[p], locWeights[p][1]);
            }
        }
        this.localityWeights = locWeights;
        this.sources = src;
        this.localitySources = loc;
        this.localitySchedulers = locSched;
        this.state = s;
    }

    private HostSource[] sources(Endpoint[][] lists) {
        HostSource[] out = new HostSource[lists.length];
        for (int i = 0; i < lists.length; i++) {
            out[i] = source(lists[i]);
        }
        return out;
    }

    private HostSource source(Endpoint[] hosts) {
        HostSource s = new HostSource(hosts, seed);
        prepare(s);
        return s;
    }

    private static @Nullable EdfScheduler.Weights weights(@Nullable double[] weights) {
        return weights == null ? null : entry -> weights[entry];
    }

    private @Nullable EdfScheduler localityScheduler(@Nullable double[] weights,
            @Nullable EdfScheduler.Weights fn) {
        return weights == null || fn == null ? null : EdfScheduler.create(weights.length, fn, seed);
    }

    /** Sets up per-source policy state (an EDF schedule when the policy needs one). */
    abstract void prepare(HostSource source);

    /** Picks from a non-empty source; {@code random} is the value that chose the priority. */
    abstract Endpoint pickFrom(HostSource source, long random);

    /**
     * Picks an endpoint, or null when none can be used (no endpoints, or nothing healthy with panic
     * disabled or failing traffic): the caller answers 503 with flag UH.
     */
    public final @Nullable Endpoint pick() {
        if (sources.length == 0) {
            return null;
        }
        long r = random.nextLong();
        PriorityState s = state;
        int chosen = s.choose(r);
        int p = chosen >>> 1;
        int degraded = chosen & 1;
        HostSource source;
        if (s.panic[p]) {
            if (config.failTrafficOnPanic()) {
                return null;
            }
            source = sources[p][2];
        } else {
            source = sources[p][degraded];
            if (config.localityWeighted()) {
                EdfScheduler locality = localitySchedulers[p][degraded];
                if (locality != null) {
                    int l = locality.pickAndAdd(localityWeights[p][degraded]);
                    source = localitySources[p][degraded][l];
                }
            }
        }
        return source.hosts.length == 0 ? null : pickFrom(source, r);
    }

    /** Records that a request to {@code endpoint} (picked here) started. */
    public final void onStart(Endpoint endpoint) {
        if (owns(endpoint)) {
            active[endpoint.index()]++;
        }
    }

    /** Records that a request started with {@link #onStart} ended. */
    public final void onEnd(Endpoint endpoint) {
        if (owns(endpoint) && active[endpoint.index()] > 0) {
            active[endpoint.index()]--;
        }
    }

    /** Requests in flight to {@code endpoint} from this event loop. */
    public final int activeRequests(Endpoint endpoint) {
        return owns(endpoint) ? active[endpoint.index()] : 0;
    }

    private boolean owns(Endpoint e) {
        return e.index() < active.length && set.endpoints().get(e.index()) == e;
    }

    /** Health-derived state, for tests. */
    final PriorityState state() {
        return state;
    }
}
