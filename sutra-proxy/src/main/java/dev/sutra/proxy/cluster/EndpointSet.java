package dev.sutra.proxy.cluster;

import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.List;

/**
 * A compiled {@code ClusterLoadAssignment}: priorities, their localities and endpoints. Immutable
 * and shareable between event loops; each loop builds its own {@link LoadBalancer} over it.
 */
public final class EndpointSet {
    /** Envoy's default {@code overprovisioning_factor}, in percent. */
    public static final int DEFAULT_OVERPROVISIONING_FACTOR = 140;

    private final String clusterName;
    private final List<PriorityLevel> priorities;
    private final List<Endpoint> endpoints;
    private final int overprovisioningFactor;
    private final boolean weightedPriorityHealth;

    EndpointSet(String clusterName, List<PriorityLevel> priorities, List<Endpoint> endpoints,
            int overprovisioningFactor, boolean weightedPriorityHealth) {
        this.clusterName = clusterName;
        this.priorities = List.copyOf(priorities);
        this.endpoints = List.copyOf(endpoints);
        this.overprovisioningFactor = overprovisioningFactor;
        this.weightedPriorityHealth = weightedPriorityHealth;
    }

    /**
     * Compiles and validates {@code assignment} for a cluster balanced as {@code lb} says.
     *
     * <p>Refused, with the field named: endpoints without a socket address (pipes, internal
     * addresses, named endpoints, LEDS), non-TCP or named ports, port 0, addresses that are not IP
     * literals (EDS carries resolved addresses), custom resolvers, additional addresses, a locality
     * listed twice at one priority, {@code drop_overloads}, {@code endpoint_stale_after}; and, under
     * locality-weighted balancing, a priority whose localities all lack a weight (it could never
     * receive traffic). Ignored: health-check settings, {@code typed_filter_metadata}, locality
     * metadata and proximity.
     *
     * @throws InvalidConfigException naming the resource and field, suitable as NACK detail
     */
    public static EndpointSet compile(ClusterLoadAssignment assignment, LbConfig lb)
            throws InvalidConfigException {
        return new EndpointSetCompiler(assignment, lb).compile();
    }

    /** {@code cluster_name} of the assignment. */
    public String clusterName() {
        return clusterName;
    }

    /** Priority levels indexed by priority, 0 first; levels in between may be empty. */
    public List<PriorityLevel> priorities() {
        return priorities;
    }

    /** Every endpoint, indexed by {@link Endpoint#index()}. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** {@code policy.overprovisioning_factor} in percent (default 140). */
    public int overprovisioningFactor() {
        return overprovisioningFactor;
    }

    /** {@code policy.weighted_priority_health}: priority health by weight, not by count. */
    public boolean weightedPriorityHealth() {
        return weightedPriorityHealth;
    }

    @Override
    public String toString() {
        return "EndpointSet[" + clusterName + ", " + endpoints.size() + " endpoints in "
                + priorities.size() + " priorities]";
    }
}
