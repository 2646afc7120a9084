package dev.sutra.proxy.config;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.sutra.proxy.router.RouteTable;
import dev.sutra.proxy.xds.XdsSnapshot;
import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import dev.sutra.ca.TrustBundle;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiles a whole xDS snapshot into a {@link ProxyConfig}, or fails naming the resource and field.
 * All-or-nothing: one bad resource rejects the update and the running config stays.
 */
public final class ConfigCompiler {

    private ConfigCompiler() {
    }

    public static ProxyConfig compile(XdsSnapshot snapshot) throws InvalidConfigException {
        Map<String, ClusterLoadAssignment> assignments = new HashMap<>();
        for (var e : snapshot.of(TypeUrls.ENDPOINT).resources().entrySet()) {
            assignments.put(e.getKey(), unpack(e.getValue(), ClusterLoadAssignment.class, "ClusterLoadAssignment", e.getKey()));
        }
        Map<String, CompiledCluster> clusters = new HashMap<>();
        for (var e : snapshot.of(TypeUrls.CLUSTER).resources().entrySet()) {
            Cluster cluster = unpack(e.getValue(), Cluster.class, "Cluster", e.getKey());
            clusters.put(cluster.getName(), ClusterCompiler.compile(cluster, assignments));
        }
        Map<String, RouteTable> routes = new HashMap<>();
        for (var e : snapshot.of(TypeUrls.ROUTE).resources().entrySet()) {
            RouteConfiguration rc = unpack(e.getValue(), RouteConfiguration.class, "RouteConfiguration", e.getKey());
            routes.put(rc.getName(), RouteTable.compile(rc));
        }
        Map<String, CompiledListener> listeners = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (var e : snapshot.of(TypeUrls.LISTENER).resources().entrySet()) {
            CompiledListener listener = ListenerCompiler.compile(unpack(e.getValue(), Listener.class, "Listener",
                    e.getKey()));
            String where = listener.address().toString();
            String other = addresses.putIfAbsent(where, listener.name());
            if (other != null) {
                throw new InvalidConfigException("Listener", listener.name(), "address",
                        where + " is also the address of listener \"" + other + "\"");
            }
            listeners.put(listener.name(), listener);
        }
        TrustBundle roots = null;
        for (var e : snapshot.of(TypeUrls.SECRET).resources().entrySet()) {
            Secret secret = unpack(e.getValue(), Secret.class, "Secret", e.getKey());
            if (secret.getName().equals(TlsCompiler.ROOTS)) {
                roots = TlsCompiler.roots(secret);
            }
        }
        // Mesh TLS configured before the ROOTCA secret arrived (it is subscribed once clusters and
        // listeners name it) uses the roots the proxy already trusts: from its state directory, a
        // root file, or the join token's pin.
        return new ProxyConfig(snapshot, listeners, routes, clusters, roots);
    }

    private static <T extends Message> T unpack(Any any, Class<T> type, String kind, String name)
            throws InvalidConfigException {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidConfigException(kind, name, "", "cannot decode as " + type.getSimpleName() + ": "
                    + e.getMessage());
        }
    }
}
