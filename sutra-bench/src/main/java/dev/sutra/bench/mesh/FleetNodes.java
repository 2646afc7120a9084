package dev.sutra.bench.mesh;

import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import java.util.List;
import java.util.Map;

/**
 * The sidecars of a {@link MeshShape}, each described as {@code sutra proxy} describes itself: an
 * Istio-style node id, its namespace, service account, labels ({@code app}, {@code version}), its
 * own address, a locality, the application port it fronts and its outbound listener.
 */
public final class FleetNodes {

    /** The sidecar's inbound port, as {@code sutra proxy} binds it by default. */
    public static final int INBOUND_PORT = 15006;

    /** The sidecar's outbound (HTTP_PROXY) port. */
    public static final int OUTBOUND_PORT = 15001;

    private final MeshShape shape;

    public FleetNodes(MeshShape shape) {
        this.shape = shape;
    }

    /** Proxy {@code j}: instance {@code j / services} of service {@code j % services}. */
    public ProxyNode node(int j) {
        int service = j % shape.services();
        int replica = j / shape.services();
        String namespace = shape.namespace(service);
        String name = MeshShape.serviceName(service);
        String address = address(j);
        return new ProxyNode(NodeMetadata.sidecarId(address, name + "-" + replica, namespace, "cluster.local"),
                Generator.SIDECAR, namespace, name, name,
                Map.of("app", name, "version", replica % 2 == 0 ? "v1" : "v2"), address,
                new Locality("region-1", "zone-" + (j % 3), ""),
                List.of(new AppPort("http", MeshYaml.PORT, MeshYaml.PORT, Protocol.HTTP, INBOUND_PORT)),
                "127.0.0.1", OUTBOUND_PORT, List.of());
    }

    /** A unique address in 10.0.0.0/8. */
    static String address(int j) {
        return "10." + (1 + j / 65_536 % 250) + "." + (j / 256 % 256) + "." + (j % 256);
    }
}
