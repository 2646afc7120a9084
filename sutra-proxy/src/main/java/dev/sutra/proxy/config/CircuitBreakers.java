package dev.sutra.proxy.config;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;

/**
 * A cluster's default-priority circuit-breaker thresholds, Envoy's defaults (1024 each, 3 retries)
 * when the cluster sets none.
 */
public record CircuitBreakers(long maxConnections, long maxPendingRequests, long maxRequests, long maxRetries) {

    public static final CircuitBreakers ENVOY_DEFAULTS = new CircuitBreakers(1024, 1024, 1024, 3);

    static CircuitBreakers of(Cluster cluster) {
        for (var t : cluster.getCircuitBreakers().getThresholdsList()) {
            if (t.getPriority() == RoutingPriority.DEFAULT) {
                return new CircuitBreakers(
                        t.hasMaxConnections() ? Integer.toUnsignedLong(t.getMaxConnections().getValue()) : 1024,
                        t.hasMaxPendingRequests() ? Integer.toUnsignedLong(t.getMaxPendingRequests().getValue()) : 1024,
                        t.hasMaxRequests() ? Integer.toUnsignedLong(t.getMaxRequests().getValue()) : 1024,
                        t.hasMaxRetries() ? Integer.toUnsignedLong(t.getMaxRetries().getValue()) : 3);
            }
        }
        return ENVOY_DEFAULTS;
    }
}
