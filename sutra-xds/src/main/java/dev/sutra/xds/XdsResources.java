package dev.sutra.xds;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The resources one proxy is given, by type and name. Immutable; names are sorted so that equal
 * resource sets serialize identically and hash to the same version.
 */
public record XdsResources(SortedMap<String, Listener> listeners, SortedMap<String, RouteConfiguration> routes,
        SortedMap<String, Cluster> clusters, SortedMap<String, ClusterLoadAssignment> endpoints,
        SortedMap<String, Secret> secrets) {

    public XdsResources {
        listeners = Collections.unmodifiableSortedMap(new TreeMap<>(listeners));
        routes = Collections.unmodifiableSortedMap(new TreeMap<>(routes));
        clusters = Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
        endpoints = Collections.unmodifiableSortedMap(new TreeMap<>(endpoints));
        secrets = Collections.unmodifiableSortedMap(new TreeMap<>(secrets));
    }

    /** The resources of one type, by name. */
    public SortedMap<String, ? extends Message> ofType(String typeUrl) {
        return switch (typeUrl) {
            case TypeUrls.LISTENER -> listeners;
            case TypeUrls.ROUTE -> routes;
            case TypeUrls.CLUSTER -> clusters;
            case TypeUrls.ENDPOINT -> endpoints;
            case TypeUrls.SECRET -> secrets;
            default -> Collections.emptySortedMap();
        };
    }

    /** Builds resources from lists, keyed by each resource's own name. */
    public static XdsResources of(List<Listener> listeners, List<RouteConfiguration> routes, List<Cluster> clusters,
            List<ClusterLoadAssignment> endpoints, List<Secret> secrets) {
        return new XdsResources(byName(listeners, Listener::getName), byName(routes, RouteConfiguration::getName),
                byName(clusters, Cluster::getName), byName(endpoints, ClusterLoadAssignment::getClusterName),
                byName(secrets, Secret::getName));
    }

    private static <T> SortedMap<String, T> byName(List<T> items, java.util.function.Function<T, String> name) {
        SortedMap<String, T> out = new TreeMap<>();
        for (T item : items) {
            out.put(name.apply(item), item);
        }
        return out;
    }

    /**
     * These resources and {@code other}'s together. The parts of one proxy's translation never share
     * a name; a name in both is a bug, reported rather than resolved.
     */
    public XdsResources plus(XdsResources other) {
        return new XdsResources(union(listeners, other.listeners), union(routes, other.routes),
                union(clusters, other.clusters), union(endpoints, other.endpoints), union(secrets, other.secrets));
    }

    private static <T> SortedMap<String, T> union(SortedMap<String, T> a, SortedMap<String, T> b) {
        SortedMap<String, T> out = new TreeMap<>(a);
        for (Map.Entry<String, T> e : b.entrySet()) {
            if (out.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("two parts of a translation both define " + e.getKey());
            }
        }
        return out;
    }

    /** Counts for logs: {@code 3 listeners, 1 routes, ...}. */
    public Map<String, Integer> counts() {
        return Map.of("listeners", listeners.size(), "routes", routes.size(), "clusters", clusters.size(),
                "endpoints", endpoints.size(), "secrets", secrets.size());
    }
}
