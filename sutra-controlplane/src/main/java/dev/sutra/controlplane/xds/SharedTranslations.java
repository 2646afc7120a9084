package dev.sutra.controlplane.xds;

import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.ProxyClass;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsResources;
import dev.sutra.xds.XdsTranslator;
import dev.sutra.xds.node.ProxyNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translation for every proxy of one mesh state, with the parts proxies of a {@link ProxyClass}
 * share (outbound clusters and endpoints, the sidecar's outbound route table) translated and
 * packed once per class. Without it a push translated the whole mesh once per proxy: thousands of
 * sidecars in a few namespaces were thousands of identical translations.
 *
 * <p>One instance serves one {@link MeshIndex} and is dropped with it: a new mesh state gets a new
 * instance, so nothing translated for an older state is ever served. Thread-safe: pushes and
 * requests on many streams translate through it at once; a class is translated once even then.
 */
final class SharedTranslations {

    private final MeshIndex index;
    private final Map<ProxyClass, Map<String, PackedResources>> outbound = new ConcurrentHashMap<>();
    private final Map<ProxyClass, PackedResources> routes = new ConcurrentHashMap<>();

    SharedTranslations(MeshIndex index) {
        this.index = index;
    }

    MeshIndex index() {
        return index;
    }

    /** The resources of {@code proxy}: its own, translated now, and its class's shared ones. */
    ProxyResources resourcesFor(ProxyNode proxy, Collection<String> grpcTargets) {
        ProxyClass proxyClass = ProxyClass.of(proxy, index);
        Map<String, PackedResources> shared = outbound.computeIfAbsent(proxyClass.outbound(),
                c -> packEach(XdsTranslator.outbound(index, c)));
        PackedResources sharedRoutes = routes.computeIfAbsent(proxyClass,
                c -> PackedResources.pack(XdsTranslator.outboundRoutes(index, c).routes()));
        Map<String, PackedResources> own = packEach(XdsTranslator.own(index, proxy, grpcTargets));
        Map<String, List<PackedResources>> groups = new HashMap<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            PackedResources mine = own.get(type);
            PackedResources theirs = type.equals(TypeUrls.ROUTE) ? sharedRoutes : shared.get(type);
            groups.put(type, List.of(mine, theirs));
        }
        return ProxyResources.of(groups);
    }

    /** How many classes have been translated so far (for logs). */
    int classes() {
        return routes.size();
    }

    private static Map<String, PackedResources> packEach(XdsResources resources) {
        Map<String, PackedResources> out = new HashMap<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            out.put(type, PackedResources.pack(resources.ofType(type)));
        }
        return out;
    }
}
