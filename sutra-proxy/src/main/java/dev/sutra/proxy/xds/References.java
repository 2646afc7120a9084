package dev.sutra.proxy.xds;

import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;

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
 * The EDS, RDS and SDS resources that clusters and listeners refer to: what the client subscribes
 * to, and (state of the world having no other way to delete them) what it keeps.
 */
final class References {

    /** The workload's own certificate: resolved inside the proxy, never asked of the control plane. */
    static final String OWN_CERTIFICATE = "default";

    /** The types whose names come from other resources, in the order their requests go out. */
    static final List<String> DEPENDENT = List.of(TypeUrls.ENDPOINT, TypeUrls.ROUTE, TypeUrls.SECRET);

    private References() {
    }

    /** The names of {@code typeUrl} (EDS, RDS or SDS) that {@code snapshot}'s clusters and listeners use. */
    static SortedSet<String> names(String typeUrl, XdsSnapshot snapshot) throws InvalidConfigException {
        return switch (typeUrl) {
            case TypeUrls.ENDPOINT -> endpointNames(snapshot.of(TypeUrls.CLUSTER));
            case TypeUrls.ROUTE -> routeNames(snapshot.of(TypeUrls.LISTENER));
            case TypeUrls.SECRET -> secretNames(snapshot);
            default -> new TreeSet<>();
        };
    }

    /**
     * The SDS secrets TLS contexts name (certificates and validation contexts), except the
     * workload's own certificate, which the proxy holds itself.
     */
    static SortedSet<String> secretNames(XdsSnapshot snapshot) throws InvalidConfigException {
        SortedSet<String> names = new TreeSet<>();
        for (Map.Entry<String, Any> e : snapshot.of(TypeUrls.CLUSTER).resources().entrySet()) {
            Cluster cluster = unpack(e.getValue(), Cluster.class, "Cluster", e.getKey(), "");
            if (cluster.hasTransportSocket()) {
                addSecrets(cluster.getTransportSocket(), names);
            }
            for (var match : cluster.getTransportSocketMatchesList()) {
                addSecrets(match.getTransportSocket(), names);
            }
        }
        for (Map.Entry<String, Any> e : snapshot.of(TypeUrls.LISTENER).resources().entrySet()) {
            Listener listener = unpack(e.getValue(), Listener.class, "Listener", e.getKey(), "");
            for (FilterChain chain : listener.getFilterChainsList()) {
                if (chain.hasTransportSocket()) {
                    addSecrets(chain.getTransportSocket(), names);
                }
            }
        }
        names.remove(OWN_CERTIFICATE);
        return names;
    }

    private static void addSecrets(TransportSocket socket, SortedSet<String> names) throws InvalidConfigException {
        Any config = socket.getTypedConfig();
        CommonTlsContext common;
        try {
            if (config.is(UpstreamTlsContext.class)) {
                common = config.unpack(UpstreamTlsContext.class).getCommonTlsContext();
            } else if (config.is(DownstreamTlsContext.class)) {
                common = config.unpack(DownstreamTlsContext.class).getCommonTlsContext();
            } else {
                return;
            }
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidConfigException("TransportSocket", socket.getName(), "typed_config",
                    "does not parse: " + e.getMessage());
        }
        common.getTlsCertificateSdsSecretConfigsList().forEach(c -> names.add(c.getName()));
        if (common.hasValidationContextSdsSecretConfig()) {
            names.add(common.getValidationContextSdsSecretConfig().getName());
        }
        if (common.getCombinedValidationContext().hasValidationContextSdsSecretConfig()) {
            names.add(common.getCombinedValidationContext().getValidationContextSdsSecretConfig().getName());
        }
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
