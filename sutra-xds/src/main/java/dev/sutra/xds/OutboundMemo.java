package dev.sutra.xds;

import dev.sutra.api.config.ResourceKey;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.xds.node.Generator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One service's outbound clusters and endpoints, translated once per mesh state for every proxy
 * class that gets the same DestinationRule for it. Classes differ by namespace, and a namespace
 * changes a service's clusters only through which DestinationRule applies; in most meshes every
 * namespace gets the service's own rule, so ten namespaces were ten identical translations of
 * every service. Use one instance per {@link MeshIndex}; thread-safe.
 */
public final class OutboundMemo {

    private record Key(Generator generator, MeshService service, Optional<ResourceKey> rule) {
    }

    /** What one service contributes to a proxy's outbound clusters and endpoints. */
    record ServiceOutbound(List<Cluster> clusters, List<ClusterLoadAssignment> endpoints) {
    }

    private final Map<Key, ServiceOutbound> byService = new ConcurrentHashMap<>();

    ServiceOutbound get(Generator generator, MeshService service, Optional<ResourceKey> rule,
            Supplier<ServiceOutbound> translate) {
        return byService.computeIfAbsent(new Key(generator, service, rule), k -> translate.get());
    }
}
