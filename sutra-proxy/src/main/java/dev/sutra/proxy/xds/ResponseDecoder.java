package dev.sutra.proxy.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a {@code DiscoveryResponse} into resources by name, rejecting what the xDS protocol says a
 * client must NACK: a resource of another type than the response's, one that does not parse, and
 * the same name twice in one response.
 */
final class ResponseDecoder {

    /** The types the client subscribes to, the only ones it can name. */
    static final Set<String> TYPES = Set.of(TypeUrls.CLUSTER, TypeUrls.LISTENER, TypeUrls.ENDPOINT, TypeUrls.ROUTE,
            TypeUrls.SECRET);

    private ResponseDecoder() {
    }

    static TypeResources decode(DiscoveryResponse response) throws InvalidConfigException {
        String type = response.getTypeUrl();
        String message = messageName(type);
        SortedMap<String, Any> resources = new TreeMap<>();
        for (int i = 0; i < response.getResourcesCount(); i++) {
            Any any = response.getResources(i);
            String field = "resources[" + i + "]";
            if (!any.getTypeUrl().equals(type)) {
                throw new InvalidConfigException(message, "", field,
                        "holds " + any.getTypeUrl() + " in a response of " + type);
            }
            String name;
            try {
                name = nameOf(type, any);
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidConfigException(message, "", field, "does not parse: " + e.getMessage());
            }
            if (name.isEmpty()) {
                throw new InvalidConfigException(message, "", field, "has no name");
            }
            if (resources.put(name, any) != null) {
                throw new InvalidConfigException(message, name, "", "appears twice in one response");
            }
        }
        return new TypeResources(response.getVersionInfo(), resources);
    }

    /**
     * The resource's name. {@link Any#unpack} keeps the parsed message inside the {@code Any}, so
     * the config compiler's own unpack of the same instance costs nothing more.
     */
    static String nameOf(String typeUrl, Any any) throws InvalidProtocolBufferException {
        return switch (typeUrl) {
            case TypeUrls.CLUSTER -> any.unpack(Cluster.class).getName();
            case TypeUrls.LISTENER -> any.unpack(Listener.class).getName();
            case TypeUrls.ROUTE -> any.unpack(RouteConfiguration.class).getName();
            case TypeUrls.ENDPOINT -> any.unpack(ClusterLoadAssignment.class).getClusterName();
            case TypeUrls.SECRET -> any.unpack(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret.class)
                    .getName();
            default -> throw new IllegalArgumentException("typeUrl: " + typeUrl + " (expected: one of " + TYPES + ")");
        };
    }

    /** {@code Cluster} for the cluster type URL: what {@link InvalidConfigException} calls a type. */
    static String messageName(String typeUrl) {
        return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    }
}
