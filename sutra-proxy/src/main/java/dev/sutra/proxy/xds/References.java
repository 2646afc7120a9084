package dev.sutra.proxy.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The EDS and RDS resources that clusters and listeners refer to: what the client subscribes to,
 * and (state of the world having no other way to delete them) what it keeps.
 */
final class References {

    private References() {
    }

    /**
     * The {@code ClusterLoadAssignment} names the EDS clusters need: {@code eds_cluster_config.service_name},
     * else the cluster's own name, as Envoy resolves it.
     */
    static SortedSet<String> endpointNames(TypeResources clusters) throws InvalidConfigException {
        SortedSet<String> names = new TreeSet<>();
        for (Map.Entry<String, Any> e : clusters.resources().entrySet()) {
            Cluster cluster = unpack(e.getValue(), Cluster.class, "Cluster", e.getKey(), "");
            if (cluster.hasType() && cluster.getType() == Cluster.DiscoveryType.EDS) {
                String service = cluster.getEdsClusterConfig().getServiceName();
                names.add(service.isEmpty() ? cluster.getName() : service);
            }
        }
        return names;
    }

    /**
     * The {@code RouteConfiguration} names of every HTTP connection manager that takes its routes
     * by RDS: in filter chains, the default filter chain, and API listeners.
     */
    static SortedSet<String> routeNames(TypeResources listeners) throws InvalidConfigException {
        SortedSet<String> names = new TreeSet<>();
        for (Map.Entry<String, Any> e : listeners.resources().entrySet()) {
            String name = e.getKey();
            Listener listener = unpack(e.getValue(), Listener.class, "Listener", name, "");
            for (int i = 0; i < listener.getFilterChainsCount(); i++) {
                addRoutes(listener.getFilterChains(i), name, "filter_chains[" + i + "]", names);
            }
            if (listener.hasDefaultFilterChain()) {
                addRoutes(listener.getDefaultFilterChain(), name, "default_filter_chain", names);
            }
            Any api = listener.getApiListener().getApiListener();
            if (listener.hasApiListener() && api.is(HttpConnectionManager.class)) {
                addRoute(unpack(api, HttpConnectionManager.class, "Listener", name, "api_listener.api_listener"),
                        names);
            }
        }
        return names;
    }

    private static void addRoutes(FilterChain chain, String listener, String path, SortedSet<String> names)
            throws InvalidConfigException {
        for (int j = 0; j < chain.getFiltersCount(); j++) {
            Filter filter = chain.getFilters(j);
            // Envoy picks the filter by its typed_config's type; the name is only a label.
            if (filter.hasTypedConfig() && filter.getTypedConfig().is(HttpConnectionManager.class)) {
                addRoute(unpack(filter.getTypedConfig(), HttpConnectionManager.class, "Listener", listener,
                        path + ".filters[" + j + "].typed_config"), names);
            }
        }
    }

    private static void addRoute(HttpConnectionManager hcm, SortedSet<String> names) {
        if (hcm.hasRds() && !hcm.getRds().getRouteConfigName().isEmpty()) {
            names.add(hcm.getRds().getRouteConfigName());
        }
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type, String resourceType,
            String name, String path) throws InvalidConfigException {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidConfigException(resourceType, name, path, "does not parse: " + e.getMessage());
        }
    }
}
