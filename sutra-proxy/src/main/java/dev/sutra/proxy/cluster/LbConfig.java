package dev.sutra.proxy.cluster;

import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/**
 * What a {@code Cluster} says about load balancing, compiled.
 *
 * @param policy {@code lb_policy}
 * @param choiceCount least request: hosts sampled per pick when weights are equal (default 2)
 * @param activeRequestBias least request: exponent in {@code weight / (active + 1)^bias}
 *     (default 1.0)
 * @param activeRequestBiasSet whether the bias was configured; Envoy then always uses weighted
 *     (EDF) selection, even when all weights are equal
 * @param healthyPanicThreshold percent of available hosts under which a priority is in panic and
 *     balances over all its hosts regardless of health (default 50; 0 disables panic)
 * @param localityWeighted {@code common_lb_config.locality_weighted_lb_config} is set
 * @param failTrafficOnPanic {@code zone_aware_lb_config.fail_traffic_on_panic}: in panic, pick
 *     nothing instead of any host
 */
public record LbConfig(
        Policy policy,
        int choiceCount,
        double activeRequestBias,
        boolean activeRequestBiasSet,
        int healthyPanicThreshold,
        boolean localityWeighted,
        boolean failTrafficOnPanic) {

    /** Supported {@code lb_policy} values. */
    public enum Policy { ROUND_ROBIN, LEAST_REQUEST, RANDOM }

    /** Envoy's defaults for {@code policy}. */
    public static LbConfig defaults(Policy policy) {
        return new LbConfig(policy, 2, 1.0, false, 50, false, false);
    }

    /**
     * Compiles the balancing part of {@code cluster}.
     *
     * <p>Refused: {@code RING_HASH}, {@code MAGLEV}, {@code CLUSTER_PROVIDED} and typed
     * {@code load_balancing_policy}; subset load balancing; slow start. Ignored, as they do not
     * change which host is picked here: {@code update_merge_window},
     * {@code ignore_new_hosts_until_first_hc}, {@code close_connections_on_host_set_change},
     * {@code consistent_hashing_lb_config}, {@code override_host_status}, and zone-aware routing's
     * {@code routing_enabled}/{@code min_cluster_size} (Envoy routes by zone only with a local
     * cluster, which Sutra never configures).
     */
    public static LbConfig compile(Cluster cluster) throws InvalidConfigException {
        String name = cluster.getName();
        if (cluster.hasLoadBalancingPolicy()) {
            throw error(name, "load_balancing_policy", "typed load balancing policies are not"
                    + " supported; use lb_policy");
        }
        if (cluster.hasLbSubsetConfig()) {
            throw error(name, "lb_subset_config", "subset load balancing is not supported");
        }
        Policy policy = switch (cluster.getLbPolicy()) {
            case ROUND_ROBIN -> Policy.ROUND_ROBIN;
            case LEAST_REQUEST -> Policy.LEAST_REQUEST;
            case RANDOM -> Policy.RANDOM;
            case RING_HASH, MAGLEV, CLUSTER_PROVIDED, LOAD_BALANCING_POLICY_CONFIG, UNRECOGNIZED ->
                    throw error(name, "lb_policy", "unsupported load balancing policy "
                            + cluster.getLbPolicy());
        };
        int choiceCount = 2;
        double bias = 1.0;
        boolean biasSet = false;
        if (cluster.hasLeastRequestLbConfig()) {
            var lr = cluster.getLeastRequestLbConfig();
            if (lr.hasChoiceCount()) {
                choiceCount = lr.getChoiceCount().getValue();
                if (choiceCount < 2) {
                    throw error(name, "least_request_lb_config.choice_count", "must be at least 2");
                }
            }
            if (lr.hasActiveRequestBias()) {
                // No runtime layer: the default value is the value.
                bias = lr.getActiveRequestBias().getDefaultValue();
                biasSet = true;
                if (!(bias >= 0.0) || Double.isInfinite(bias)) {
                    throw error(name, "least_request_lb_config.active_request_bias",
                            "must be a finite number >= 0");
                }
            }
            if (lr.hasSlowStartConfig()) {
                throw error(name, "least_request_lb_config.slow_start_config", "slow start is not"
                        + " supported");
            }
        }
        if (cluster.hasRoundRobinLbConfig() && cluster.getRoundRobinLbConfig().hasSlowStartConfig()) {
            throw error(name, "round_robin_lb_config.slow_start_config", "slow start is not"
                    + " supported");
        }
        var common = cluster.getCommonLbConfig();
        int panic = 50;
        if (common.hasHealthyPanicThreshold()) {
            double v = common.getHealthyPanicThreshold().getValue();
            if (!(v >= 0.0 && v <= 100.0)) {
                throw error(name, "common_lb_config.healthy_panic_threshold",
                        "must be between 0 and 100");
            }
            panic = (int) Math.round(v);
        }
        boolean failOnPanic = common.hasZoneAwareLbConfig()
                && common.getZoneAwareLbConfig().getFailTrafficOnPanic();
        return new LbConfig(policy, choiceCount, bias, biasSet, panic,
                common.hasLocalityWeightedLbConfig(), failOnPanic);
    }

    private static InvalidConfigException error(String name, String path, String reason) {
        return new InvalidConfigException("Cluster", name, path, reason);
    }
}
