package dev.sutra.proxy.config;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.time.Duration;

/**
 * A cluster's outlier detection, compiled from {@code outlier_detection} with Envoy's defaults:
 * consecutive 5xx (5, enforced 100%) and consecutive gateway failures (5, enforced 0%) eject a
 * host for {@code baseEjection} times the number of its ejections (at most
 * {@code maxEjection}), never more than {@code maxEjectionPercent} of the hosts but always one.
 *
 * @param interval how often ejection multipliers decay for hosts that stayed healthy
 */
public record OutlierPolicy(int consecutive5xx, int enforcing5xx, int consecutiveGateway, int enforcingGateway,
        Duration interval, Duration baseEjection, Duration maxEjection, int maxEjectionPercent) {

    /**
     * The cluster's policy, or null without {@code outlier_detection}. Ejection by success rate or
     * failure percentage, and split local-origin errors, are rejected: Istio never enables them
     * (it sets {@code enforcing_success_rate} to 0, which Envoy otherwise defaults to 100).
     */
    static @Nullable OutlierPolicy of(Cluster cluster) throws InvalidConfigException {
        if (!cluster.hasOutlierDetection()) {
            return null;
        }
        var od = cluster.getOutlierDetection();
        String name = cluster.getName();
        if (!od.hasEnforcingSuccessRate() || od.getEnforcingSuccessRate().getValue() != 0) {
            throw new InvalidConfigException("Cluster", name, "outlier_detection.enforcing_success_rate",
                    "success-rate ejection is not supported (Envoy enforces it at 100% when unset); set it to 0");
        }
        if (od.hasEnforcingFailurePercentage() && od.getEnforcingFailurePercentage().getValue() != 0) {
            throw new InvalidConfigException("Cluster", name, "outlier_detection.enforcing_failure_percentage",
                    "failure-percentage ejection is not supported");
        }
        if (od.getSplitExternalLocalOriginErrors()) {
            throw new InvalidConfigException("Cluster", name, "outlier_detection.split_external_local_origin_errors",
                    "not supported: local-origin failures count as 5xx and gateway errors, Envoy's default");
        }
        return new OutlierPolicy(
                od.hasConsecutive5Xx() ? od.getConsecutive5Xx().getValue() : 5,
                od.hasEnforcingConsecutive5Xx() ? od.getEnforcingConsecutive5Xx().getValue() : 100,
                od.hasConsecutiveGatewayFailure() ? od.getConsecutiveGatewayFailure().getValue() : 5,
                od.hasEnforcingConsecutiveGatewayFailure() ? od.getEnforcingConsecutiveGatewayFailure().getValue() : 0,
                od.hasInterval() ? duration(od.getInterval()) : Duration.ofSeconds(10),
                od.hasBaseEjectionTime() ? duration(od.getBaseEjectionTime()) : Duration.ofSeconds(30),
                od.hasMaxEjectionTime() ? duration(od.getMaxEjectionTime()) : Duration.ofSeconds(300),
                od.hasMaxEjectionPercent() ? Math.min(100, od.getMaxEjectionPercent().getValue()) : 10);
    }

    private static Duration duration(com.google.protobuf.Duration d) {
        return Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }
}
