package dev.sutra.proxy.xds;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Small Envoy resources, built by hand, for tests of the client's bookkeeping. */
final class TestResources {

    private TestResources() {
    }

    /** An EDS cluster whose assignment is named {@code serviceName} (empty: the cluster's name). */
    static Cluster edsCluster(String name, String serviceName) {
        return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
                        .setEdsConfig(ads()).setServiceName(serviceName))
                .build();
    }

    static Cluster staticCluster(String name) {
        return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.STATIC).build();
    }

    static ClusterLoadAssignment endpoints(String name) {
        return ClusterLoadAssignment.newBuilder().setClusterName(name).build();
    }

    static RouteConfiguration routes(String name) {
        return RouteConfiguration.newBuilder().setName(name).build();
    }

    /** A listener whose one filter chain's HTTP connection manager takes routes {@code routeName} by RDS. */
    static Listener rdsListener(String name, String routeName) {
        return Listener.newBuilder().setName(name)
                .addFilterChains(FilterChain.newBuilder().addFilters(hcm(routeName)))
                .build();
    }

    /** A listener whose default filter chain takes routes by RDS, beside a TCP proxy chain. */
    static Listener defaultChainListener(String name, String routeName) {
        return Listener.newBuilder().setName(name)
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.tcp_proxy")
                        .setTypedConfig(Any.pack(TcpProxy.newBuilder().setCluster("c").setStatPrefix("tcp").build()))))
                .setDefaultFilterChain(FilterChain.newBuilder().addFilters(hcm(routeName)))
                .build();
    }

    /** A proxyless gRPC client's listener: an API listener with RDS. */
    static Listener apiListener(String name, String routeName) {
        return Listener.newBuilder().setName(name)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(rdsManager(routeName))))
                .build();
    }

    /** A listener with its routes inline: nothing to subscribe. */
    static Listener inlineListener(String name) {
        return Listener.newBuilder().setName(name)
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(Any.pack(HttpConnectionManager.newBuilder()
                                .setStatPrefix("inbound").setRouteConfig(routes("inline")).build()))))
                .build();
    }

    private static Filter hcm(String routeName) {
        return Filter.newBuilder().setName("envoy.filters.network.http_connection_manager")
                .setTypedConfig(Any.pack(rdsManager(routeName))).build();
    }

    private static HttpConnectionManager rdsManager(String routeName) {
        return HttpConnectionManager.newBuilder().setStatPrefix("http")
                .setRds(Rds.newBuilder().setConfigSource(ads()).setRouteConfigName(routeName))
                .build();
    }

    private static ConfigSource ads() {
        return ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance()).build();
    }

    /** Resources by name, as a response of their type would carry them. */
    static TypeResources of(String version, com.google.protobuf.Message... resources) {
        SortedMap<String, Any> byName = new TreeMap<>();
        for (com.google.protobuf.Message m : resources) {
            Any any = Any.pack(m);
            byName.put(name(m), any);
        }
        return new TypeResources(version, byName);
    }

    static String name(com.google.protobuf.Message m) {
        return switch (m) {
            case Cluster c -> c.getName();
            case Listener l -> l.getName();
            case RouteConfiguration r -> r.getName();
            case ClusterLoadAssignment a -> a.getClusterName();
            default -> throw new IllegalArgumentException(m.getClass().getName());
        };
    }

    /** A snapshot of the given types. */
    static XdsSnapshot snapshot(Map<String, TypeResources> types) {
        return new XdsSnapshot(types, java.time.Instant.parse("2026-01-02T03:04:05.123456789Z"));
    }

    static java.util.List<String> names(TypeResources resources) {
        return java.util.List.copyOf(resources.resources().keySet());
    }

    static Any[] pack(com.google.protobuf.Message... messages) {
        return Arrays.stream(messages).map(Any::pack).toArray(Any[]::new);
    }
}
