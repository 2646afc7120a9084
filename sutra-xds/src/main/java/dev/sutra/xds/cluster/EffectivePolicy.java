package dev.sutra.xds.cluster;

import dev.sutra.api.Nullable;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicy;
import java.util.List;
import java.util.Objects;

/**
 * The traffic policy that applies to one cluster, merged as Istio merges it: the rule's policy,
 * overridden by its settings for the port, then by the subset's policy, then by the subset's
 * settings for the port. Each part is replaced whole, not merged field by field.
 */
public record EffectivePolicy(@Nullable LoadBalancerSettings loadBalancer,
        @Nullable ConnectionPoolSettings connectionPool, @Nullable OutlierDetection outlierDetection,
        @Nullable ClientTLSSettings tls) {

    public static final EffectivePolicy NONE = new EffectivePolicy(null, null, null, null);

    /** The policy for {@code port} and {@code subset} (empty: the whole service) of {@code rule}. */
    public static EffectivePolicy of(@Nullable DestinationRule rule, int port, String subset) {
        if (rule == null) {
            return NONE;
        }
        EffectivePolicy policy = NONE.with(rule.getTrafficPolicy(), port);
        if (!subset.isEmpty()) {
            for (Subset s : Objects.requireNonNullElse(rule.getSubsets(), List.<Subset>of())) {
                if (subset.equals(s.getName())) {
                    policy = policy.with(s.getTrafficPolicy(), port);
                }
            }
        }
        return policy;
    }

    private EffectivePolicy with(@Nullable TrafficPolicy policy, int port) {
        if (policy == null) {
            return this;
        }
        EffectivePolicy merged = new EffectivePolicy(
                first(policy.getLoadBalancer(), loadBalancer),
                first(policy.getConnectionPool(), connectionPool),
                first(policy.getOutlierDetection(), outlierDetection),
                first(policy.getTls(), tls));
        for (TrafficPolicyPortTrafficPolicy p : Objects.requireNonNullElse(policy.getPortLevelSettings(),
                List.<TrafficPolicyPortTrafficPolicy>of())) {
            if (p.getPort() != null && p.getPort().getNumber() != null && p.getPort().getNumber() == port) {
                merged = new EffectivePolicy(
                        first(p.getLoadBalancer(), merged.loadBalancer),
                        first(p.getConnectionPool(), merged.connectionPool),
                        first(p.getOutlierDetection(), merged.outlierDetection),
                        first(p.getTls(), merged.tls));
            }
        }
        return merged;
    }

    private static <T> T first(@Nullable T preferred, @Nullable T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
