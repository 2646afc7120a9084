package dev.sutra.xds;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.mesh.Locality;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.ProxyNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the shared part of translation reads of a proxy, and nothing more: its generator, its
 * namespace, and those of its labels some VirtualService matches with {@code sourceLabels}. Every
 * proxy of one class gets the same outbound clusters, endpoints and (sidecars) outbound route
 * table, so a control plane translates them once per class and push ({@link XdsTranslator#outbound},
 * {@link XdsTranslator#outboundRoutes}).
 *
 * <p>The shared part is translated for {@link #node()}, a node that carries only these fields, so
 * a translator that read anything else of the proxy would give every proxy of the class the same
 * wrong answer, and the golden tests (which translate through classes too) would show it.
 *
 * @param generator which resource shapes the proxy understands
 * @param namespace the proxy's namespace (DestinationRule lookup, short host names, sourceNamespace)
 * @param routeLabels the proxy's labels whose keys some VirtualService's sourceLabels name
 */
public record ProxyClass(Generator generator, String namespace, Map<String, String> routeLabels) {

    public ProxyClass {
        requireNonNull(generator, "generator");
        requireNonNull(namespace, "namespace");
        routeLabels = Map.copyOf(routeLabels);
    }

    /** The class of {@code proxy} in the mesh {@code index} describes. */
    public static ProxyClass of(ProxyNode proxy, MeshIndex index) {
        Map<String, String> labels = new TreeMap<>();
        for (String key : index.routeLabelKeys()) {
            String value = proxy.labels().get(key);
            if (value != null) {
                labels.put(key, value);
            }
        }
        return new ProxyClass(proxy.generator(), proxy.namespace(), labels);
    }

    /** This class without labels: all that outbound clusters and endpoints read. */
    public ProxyClass outbound() {
        return routeLabels.isEmpty() ? this : new ProxyClass(generator, namespace, Map.of());
    }

    /** A node with only this class's fields set: what the shared part is translated for. */
    ProxyNode node() {
        return new ProxyNode("", generator, namespace, "", "", routeLabels, "", Locality.NONE, List.of(), "", 0,
                List.of());
    }
}
