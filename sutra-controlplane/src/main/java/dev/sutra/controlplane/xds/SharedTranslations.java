package dev.sutra.controlplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.OutboundMemo;
import dev.sutra.xds.ProxyClass;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsResources;
import dev.sutra.xds.XdsTranslator;
import dev.sutra.xds.node.ProxyNode;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
    /** Each service's outbound part, shared by the classes that get the same rule for it. */
    private final OutboundMemo memo = new OutboundMemo();
    /** Packings of shared messages by identity: a service's cluster is packed once, not per class. */
    private final Map<Message, Any> packed = Collections.synchronizedMap(new IdentityHashMap<>());
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
                c -> packEach(XdsTranslator.outbound(index, c, memo), this::packOnce));
        PackedResources sharedRoutes = routes.computeIfAbsent(proxyClass,
                c -> PackedResources.pack(XdsTranslator.outboundRoutes(index, c).routes()));
        Map<String, PackedResources> own = packEach(XdsTranslator.own(index, proxy, grpcTargets), Any::pack);
        Map<String, List<PackedResources>> groups = new HashMap<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            PackedResources mine = own.get(type);
            PackedResources theirs = type.equals(TypeUrls.ROUTE) ? sharedRoutes : shared.get(type);
            groups.put(type, List.of(mine, theirs));
        }
        return ProxyResources.of(groups);
    }

    /** How many classes have been translated so far. */
    int classes() {
        return routes.size();
    }

    private Any packOnce(Message message) {
        Any done = packed.get(message);
        if (done == null) {
            done = Any.pack(message);
            packed.put(message, done);
        }
        return done;
    }

    private static Map<String, PackedResources> packEach(XdsResources resources, Function<Message, Any> packer) {
        Map<String, PackedResources> out = new HashMap<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            out.put(type, PackedResources.pack(resources.ofType(type), packer));
        }
        return out;
    }
}
