package dev.sutra.controlplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.api.Nullable;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One proxy's resources, packed: for each type the groups they come in (the proxy's own, and the
 * groups it shares with its class) and the version those hash to. Immutable; the shared groups are
 * the very instances other proxies of the class hold.
 */
final class ProxyResources {

    private final Map<String, List<PackedResources>> groups;
    private final Map<String, String> versions;

    private ProxyResources(Map<String, List<PackedResources>> groups) {
        this.groups = groups;
        Map<String, String> v = new HashMap<>();
        groups.forEach((type, g) -> v.put(type, PackedResources.combine(g.toArray(new PackedResources[0]))));
        this.versions = Map.copyOf(v);
    }

    /** Resources made of {@code groups} per type URL (types not named have none). */
    static ProxyResources of(Map<String, List<PackedResources>> groups) {
        Map<String, List<PackedResources>> copy = new HashMap<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            copy.put(type, List.copyOf(groups.getOrDefault(type, List.of())));
        }
        return new ProxyResources(Map.copyOf(copy));
    }

    /** The version of {@code type}: a content hash of its resources. */
    String version(String type) {
        return versions.get(type);
    }

    /** Versions by type URL, for telling whether anything changed. */
    Map<String, String> versions() {
        return versions;
    }

    /**
     * The resources of {@code type} named in {@code requested}, in request order (unknown names
     * left out); all of them when {@code requested} is empty or {@code *} (a wildcard request).
     */
    Selection select(String type, List<String> requested) {
        List<String> names = new ArrayList<>();
        List<Any> resources = new ArrayList<>();
        List<PackedResources> typeGroups = groups.get(type);
        if (requested.isEmpty() || requested.contains("*")) {
            for (PackedResources g : typeGroups) {
                names.addAll(g.byName().keySet());
                resources.addAll(g.byName().values());
            }
            return new Selection(names, resources);
        }
        for (String name : new LinkedHashSet<>(requested)) {
            for (PackedResources g : typeGroups) {
                Any found = g.get(name);
                if (found != null) {
                    names.add(name);
                    resources.add(found);
                    break;
                }
            }
        }
        return new Selection(names, resources);
    }

    /**
     * The resources of {@code type} named in {@code requested} that are new or changed compared
     * with {@code held} (what the proxy holds), in group then name order: what a response must carry
     * to a proxy that keeps, by state-of-the-world rules for EDS and RDS, the resources a response
     * does not name. Null when a resource was added or removed since {@code held}: then the whole
     * selection is what to send.
     */
    @Nullable
    Selection changedSince(ProxyResources held, String type, List<String> requested) {
        List<String> names = new ArrayList<>();
        List<Any> resources = new ArrayList<>();
        List<PackedResources> now = groups.get(type);
        List<PackedResources> before = held.groups.get(type);
        for (int i = 0; i < now.size(); i++) {
            PackedResources group = now.get(i);
            List<String> changed = group.changedSince(before.get(i));
            if (changed == null) {
                return null;
            }
            for (String name : changed) {
                // Few names change in a push; a scan of the request is cheaper than a set of it.
                if (requested.contains(name)) {
                    names.add(name);
                    resources.add(group.get(name));
                }
            }
        }
        return new Selection(names, resources);
    }

    /** What a response carries: resource names and the packed resources, in the same order. */
    record Selection(List<String> names, List<Any> resources) {
    }

    /** The resources unpacked, for config dumps and status pages (not on the push path). */
    XdsResources unpacked() {
        try {
            return XdsResources.of(unpack(TypeUrls.LISTENER, Listener.class), unpack(TypeUrls.ROUTE,
                    RouteConfiguration.class), unpack(TypeUrls.CLUSTER, Cluster.class),
                    unpack(TypeUrls.ENDPOINT, ClusterLoadAssignment.class), unpack(TypeUrls.SECRET, Secret.class));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a resource this cache packed does not unpack", e);
        }
    }

    private <T extends com.google.protobuf.Message> List<T> unpack(String type, Class<T> clazz)
            throws InvalidProtocolBufferException {
        List<T> out = new ArrayList<>();
        for (PackedResources g : groups.get(type)) {
            for (Any any : g.byName().values()) {
                out.add(any.unpack(clazz));
            }
        }
        return out;
    }
}
