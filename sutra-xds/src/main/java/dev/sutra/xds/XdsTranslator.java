package dev.sutra.xds;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.mesh.MeshService;
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
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Translation of the mesh into one proxy's Envoy resources: a pure function of the mesh index and
 * the proxy. A sidecar's resources are complete (it subscribes by wildcard); a proxyless gRPC
 * client's follow the listener names it asked for, and never include TLS or secrets.
 *
 * <p>Most of a proxy's resources depend only on its {@link ProxyClass}: its outbound clusters and
 * endpoints ({@link #outbound}) and a sidecar's outbound route table ({@link #outboundRoutes}). The
 * rest is its own ({@link #own}): listeners, inbound clusters, the routes of gRPC targets, secrets.
 * {@link #translate} is the three together; a control plane serving many proxies translates the
 * shared parts once per class.
 */
public final class XdsTranslator {

    private XdsTranslator() {
    }

    /**
     * The resources for {@code proxy}. {@code grpcTargets} are the listener names a gRPC client
     * subscribed to (ignored for sidecars).
     */
    public static XdsResources translate(MeshIndex index, ProxyNode proxy, Collection<String> grpcTargets) {
        ProxyClass proxyClass = ProxyClass.of(proxy, index);
        return own(index, proxy, grpcTargets)
                .plus(outbound(index, proxyClass.outbound()))
                .plus(outboundRoutes(index, proxyClass));
    }

    /** Outbound clusters and their endpoints, the same for every proxy of {@code proxyClass}. */
    public static XdsResources outbound(MeshIndex index, ProxyClass proxyClass) {
        return outbound(index, proxyClass, new OutboundMemo());
    }

    /**
     * The same, with each service's part taken from {@code memo} when another class that gets the
     * same DestinationRule for it translated it already ({@code memo} belongs to {@code index}).
     */
    public static XdsResources outbound(MeshIndex index, ProxyClass proxyClass, OutboundMemo memo) {
        ProxyContext context = new ProxyContext(index, proxyClass.outbound().node());
        ClusterTranslator clusters = new ClusterTranslator(context);
        EndpointTranslator endpoints = new EndpointTranslator(context);
        List<Cluster> cds = new ArrayList<>();
        List<ClusterLoadAssignment> eds = new ArrayList<>();
        for (MeshService service : index.catalog().services()) {
            Optional<ConfigResource<DestinationRule>> rule = index.destinationRuleFor(service.hostname(),
                    proxyClass.namespace(), service.namespace());
            OutboundMemo.ServiceOutbound part = memo.get(proxyClass.generator(), service,
                    rule.map(ConfigResource::key), () -> new OutboundMemo.ServiceOutbound(
                            clusters.outbound(service, rule), endpoints.outbound(service, rule)));
            cds.addAll(part.clusters());
            eds.addAll(part.endpoints());
        }
        return XdsResources.of(List.of(), List.of(), cds, eds, List.of());
    }

    /** A sidecar's outbound route table ({@code http_proxy}); nothing for a gRPC client. */
    public static XdsResources outboundRoutes(MeshIndex index, ProxyClass proxyClass) {
        if (proxyClass.generator() == Generator.GRPC) {
            return XdsResources.of(List.of(), List.of(), List.of(), List.of(), List.of());
        }
        ProxyContext context = new ProxyContext(index, proxyClass.node());
        return XdsResources.of(List.of(), List.of(new RouteTranslator(context).httpProxy()), List.of(), List.of(),
                List.of());
    }

    /**
     * What only {@code proxy} gets: a sidecar's listeners, inbound clusters and secrets; a gRPC
     * client's API listeners and route configurations for the targets it asked for.
     */
    public static XdsResources own(MeshIndex index, ProxyNode proxy, Collection<String> grpcTargets) {
        ProxyContext context = new ProxyContext(index, proxy);
        RouteTranslator routes = new RouteTranslator(context);
        ListenerTranslator listeners = new ListenerTranslator(context, routes);
        if (proxy.generator() == Generator.GRPC) {
            List<Listener> lds = new ArrayList<>();
            List<RouteConfiguration> rds = new ArrayList<>();
            for (String target : grpcTargets) {
                listeners.grpc(target).ifPresent(lds::add);
                routes.forGrpcTarget(target).ifPresent(rds::add);
            }
            return XdsResources.of(lds, rds, List.of(), List.of(), List.of());
        }
        List<Cluster> inbound = new ClusterTranslator(context).inbound();
        return XdsResources.of(listeners.sidecar(), List.of(), inbound, List.of(),
                new SecretTranslator(context).secrets());
    }
}
