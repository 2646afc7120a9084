package dev.sutra.proxy.cluster;

import com.google.protobuf.UInt32Value;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.List;

/** Small builders for ClusterLoadAssignments in tests. */
final class Clas {
    private Clas() {
    }

    static LbEndpoint host(String ip) {
        return host(ip, 1, HealthStatus.HEALTHY);
    }

    static LbEndpoint host(String ip, HealthStatus health) {
        return host(ip, 1, health);
    }

    static LbEndpoint host(String ip, int weight) {
        return host(ip, weight, HealthStatus.UNKNOWN);
    }

    static LbEndpoint host(String ip, int weight, HealthStatus health) {
        return LbEndpoint.newBuilder()
                .setEndpoint(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                        .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                                .setAddress(ip).setPortValue(8080))))
                .setLoadBalancingWeight(UInt32Value.of(weight))
                .setHealthStatus(health)
                .build();
    }

    /** A locality; weight 0 leaves load_balancing_weight unset. */
    static LocalityLbEndpoints locality(int priority, String zone, int weight,
            LbEndpoint... hosts) {
        LocalityLbEndpoints.Builder b = LocalityLbEndpoints.newBuilder()
                .setLocality(Locality.newBuilder().setRegion("r").setZone(zone))
                .setPriority(priority)
                .addAllLbEndpoints(List.of(hosts));
        if (weight > 0) {
            b.setLoadBalancingWeight(UInt32Value.of(weight));
        }
        return b.build();
    }

    static ClusterLoadAssignment cla(LocalityLbEndpoints... groups) {
        return ClusterLoadAssignment.newBuilder().setClusterName("outbound|80||svc")
                .addAllEndpoints(List.of(groups)).build();
    }

    static EndpointSet set(LbConfig lb, LocalityLbEndpoints... groups) {
        return compile(cla(groups), lb);
    }

    static EndpointSet compile(ClusterLoadAssignment cla, LbConfig lb) {
        try {
            return EndpointSet.compile(cla, lb);
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Hosts 10.0.0.{from}..{to} with the given health. */
    static LbEndpoint[] hosts(int from, int to, HealthStatus health) {
        LbEndpoint[] out = new LbEndpoint[to - from + 1];
        for (int i = from; i <= to; i++) {
            out[i - from] = host("10.0.0." + i, health);
        }
        return out;
    }
}
