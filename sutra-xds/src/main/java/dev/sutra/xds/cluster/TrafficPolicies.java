package dev.sutra.xds.cluster;

import com.google.protobuf.UInt32Value;
import dev.sutra.xds.IstioDurations;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.type.v3.Percent;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimple;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;

/** A DestinationRule's traffic policy applied to an Envoy cluster, field by field as Istio maps it. */
final class TrafficPolicies {

    /** Istio leaves circuit breakers open unless config sets them. */
    private static final long UNLIMITED = 4294967295L;

    private TrafficPolicies() {
    }

    static Cluster.LbPolicy lbPolicy(EffectivePolicy policy, Cluster.LbPolicy fallback) {
        if (policy.loadBalancer() == null
                || !(policy.loadBalancer().getLbPolicy() instanceof LoadBalancerSettingsSimple simple)
                || simple.getSimple() == null) {
            return fallback;
        }
        return switch (simple.getSimple()) {
            case ROUND_ROBIN -> Cluster.LbPolicy.ROUND_ROBIN;
            case RANDOM -> Cluster.LbPolicy.RANDOM;
            case LEAST_REQUEST, LEAST_CONN -> Cluster.LbPolicy.LEAST_REQUEST;
            case UNSPECIFIED, PASSTHROUGH -> fallback;
        };
    }

    static CircuitBreakers circuitBreakers(EffectivePolicy policy) {
        ConnectionPoolSettings pool = policy.connectionPool();
        long connections = UNLIMITED;
        long pending = UNLIMITED;
        long requests = UNLIMITED;
        long retries = UNLIMITED;
        if (pool != null && pool.getTcp() != null && positive(pool.getTcp().getMaxConnections())) {
            connections = pool.getTcp().getMaxConnections();
        }
        if (pool != null && pool.getHttp() != null) {
            if (positive(pool.getHttp().getHttp1MaxPendingRequests())) {
                pending = pool.getHttp().getHttp1MaxPendingRequests();
            }
            if (positive(pool.getHttp().getHttp2MaxRequests())) {
                requests = pool.getHttp().getHttp2MaxRequests();
            }
            if (positive(pool.getHttp().getMaxRetries())) {
                retries = pool.getHttp().getMaxRetries();
            }
        }
        return CircuitBreakers.newBuilder().addThresholds(CircuitBreakers.Thresholds.newBuilder()
                .setPriority(RoutingPriority.DEFAULT)
                .setMaxConnections(UInt32Value.of((int) connections))
                .setMaxPendingRequests(UInt32Value.of((int) pending))
                .setMaxRequests(UInt32Value.of((int) requests))
                .setMaxRetries(UInt32Value.of((int) retries))
                .setTrackRemaining(true)).build();
    }

    /** Per-connection HTTP options (request limit, idle timeout), if config sets any. */
    static HttpProtocolOptions commonHttpOptions(EffectivePolicy policy) {
        HttpProtocolOptions.Builder options = HttpProtocolOptions.newBuilder();
        ConnectionPoolSettings pool = policy.connectionPool();
        if (pool != null && pool.getHttp() != null) {
            if (positive(pool.getHttp().getMaxRequestsPerConnection())) {
                options.setMaxRequestsPerConnection(UInt32Value.of(pool.getHttp().getMaxRequestsPerConnection()));
            }
            IstioDurations.parse(pool.getHttp().getIdleTimeout()).ifPresent(options::setIdleTimeout);
        }
        return options.build();
    }

    static void connectTimeout(EffectivePolicy policy, Cluster.Builder cluster) {
        ConnectionPoolSettings pool = policy.connectionPool();
        if (pool != null && pool.getTcp() != null) {
            IstioDurations.parse(pool.getTcp().getConnectTimeout()).ifPresent(cluster::setConnectTimeout);
        }
    }

    /** Outlier detection as Istio configures it: only the error kinds config names are enforced. */
    static void outlierDetection(EffectivePolicy policy, Cluster.Builder cluster) {
        OutlierDetection od = policy.outlierDetection();
        if (od == null) {
            return;
        }
        // Istio's API has no success-rate ejection, which Envoy enforces by default: turned off, as Istio does.
        io.envoyproxy.envoy.config.cluster.v3.OutlierDetection.Builder out =
                io.envoyproxy.envoy.config.cluster.v3.OutlierDetection.newBuilder()
                        .setEnforcingSuccessRate(UInt32Value.of(0));
        Integer fiveXx = od.getConsecutive5xxErrors() != null ? od.getConsecutive5xxErrors() : od.getConsecutiveErrors();
        if (fiveXx != null && fiveXx > 0) {
            out.setConsecutive5Xx(UInt32Value.of(fiveXx)).setEnforcingConsecutive5Xx(UInt32Value.of(100));
        } else {
            out.setEnforcingConsecutive5Xx(UInt32Value.of(0));
        }
        if (od.getConsecutiveGatewayErrors() != null && od.getConsecutiveGatewayErrors() > 0) {
            out.setConsecutiveGatewayFailure(UInt32Value.of(od.getConsecutiveGatewayErrors()))
                    .setEnforcingConsecutiveGatewayFailure(UInt32Value.of(100));
        }
        IstioDurations.parse(od.getInterval()).ifPresent(out::setInterval);
        IstioDurations.parse(od.getBaseEjectionTime()).ifPresent(out::setBaseEjectionTime);
        if (od.getMaxEjectionPercent() != null) {
            out.setMaxEjectionPercent(UInt32Value.of(od.getMaxEjectionPercent()));
        }
        cluster.setOutlierDetection(out);
        if (od.getMinHealthPercent() != null) {
            cluster.getCommonLbConfigBuilder().setHealthyPanicThreshold(
                    Percent.newBuilder().setValue(od.getMinHealthPercent()));
        }
    }

    private static boolean positive(Integer value) {
        return value != null && value > 0;
    }
}
