package dev.sutra.xds;

import dev.sutra.xds.cluster.ClusterTranslator;
import dev.sutra.xds.endpoint.EndpointTranslator;
import dev.sutra.xds.listener.ListenerTranslator;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.ProxyNode;
import dev.sutra.xds.route.RouteTranslator;
import dev.sutra.xds.secret.SecretTranslator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Translation of the mesh into one proxy's Envoy resources: a pure function of the mesh index and
 * the proxy. A sidecar's resources are complete (it subscribes by wildcard); a proxyless gRPC
 * client's follow the listener names it asked for, and never include TLS or secrets.
 */
public final class XdsTranslator {

    private XdsTranslator() {
    }

    /**
     * The resources for {@code proxy}. {@code grpcTargets} are the listener names a gRPC client
     * subscribed to (ignored for sidecars).
     */
    public static XdsResources translate(MeshIndex index, ProxyNode proxy, Collection<String> grpcTargets) {
        ProxyContext context = new ProxyContext(index, proxy);
        RouteTranslator routes = new RouteTranslator(context);
        ListenerTranslator listeners = new ListenerTranslator(context, routes);
        ClusterTranslator clusters = new ClusterTranslator(context);
        EndpointTranslator endpoints = new EndpointTranslator(context);
        if (proxy.generator() == Generator.GRPC) {
            List<Listener> lds = new ArrayList<>();
            List<RouteConfiguration> rds = new ArrayList<>();
            for (String target : grpcTargets) {
                listeners.grpc(target).ifPresent(lds::add);
                routes.forGrpcTarget(target).ifPresent(rds::add);
            }
            return XdsResources.of(lds, rds, clusters.outbound(), endpoints.outbound(), List.of());
        }
        List<Cluster> cds = new ArrayList<>(clusters.outbound());
        cds.addAll(clusters.inbound());
        List<ClusterLoadAssignment> eds = endpoints.outbound();
        return XdsResources.of(listeners.sidecar(), List.of(routes.httpProxy()), cds, eds,
                new SecretTranslator(context).secrets());
    }
}
