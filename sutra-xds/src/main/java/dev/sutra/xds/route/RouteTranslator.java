package dev.sutra.xds.route;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.xds.ProxyContext;
import dev.sutra.xds.ResourceNames;
import dev.sutra.xds.node.AppPort;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RDS: the route configurations one proxy is given. A sidecar gets {@code http_proxy}, one virtual
 * host per HTTP service port, reached through its outbound listener by Host or absolute-form URL; a
 * proxyless gRPC client gets one route configuration per target it asked for, named as the target.
 * Routes come from the VirtualService governing the host, or a catch-all to the service.
 */
public final class RouteTranslator {

    private final ProxyContext context;
    private final HttpRouteConverter converter;

    public RouteTranslator(ProxyContext context) {
        this.context = context;
        this.converter = new HttpRouteConverter(context);
    }

    /** The sidecar's outbound route table. */
    public RouteConfiguration httpProxy() {
        RouteConfiguration.Builder config = RouteConfiguration.newBuilder()
                .setName(ResourceNames.HTTP_PROXY_ROUTE)
                .setValidateClusters(com.google.protobuf.BoolValue.of(false));
        for (MeshService service : context.index().catalog().services()) {
            for (ServicePort port : service.ports()) {
                if (port.protocol().isHttp()) {
                    config.addVirtualHosts(virtualHost(service, port, VirtualHosts.domains(service, port,
                            context.proxy().namespace(), context.domainSuffix())));
                }
            }
        }
        return config.build();
    }

    /** The virtual host of one service port, answering to {@code domains}. */
    public VirtualHost virtualHost(MeshService service, ServicePort port, List<String> domains) {
        return VirtualHost.newBuilder()
                .setName(VirtualHosts.name(service, port))
                .addAllDomains(domains)
                .addAllRoutes(routes(service, port))
                .build();
    }

    /** The route configuration for a gRPC target the client asked for, if it names a known service. */
    public Optional<RouteConfiguration> forGrpcTarget(String name) {
        return GrpcTargets.resolve(name, context.index().catalog(), context.proxy().namespace(),
                context.domainSuffix()).map(target -> {
                    List<String> domains = new ArrayList<>(VirtualHosts.domains(target.service(), target.port(),
                            context.proxy().namespace(), context.domainSuffix()));
                    if (!domains.contains(name)) {
                        domains.add(0, name);
                    }
                    return RouteConfiguration.newBuilder()
                            .setName(name)
                            .addVirtualHosts(virtualHost(target.service(), target.port(), domains))
                            .build();
                });
    }

    /** The inline route configuration of an inbound HTTP listener: everything to the local app port. */
    public RouteConfiguration inbound(AppPort port) {
        String cluster = ResourceNames.inboundCluster(port.targetPort());
        return RouteConfiguration.newBuilder()
                .setName(cluster)
                .setValidateClusters(com.google.protobuf.BoolValue.of(false))
                .addVirtualHosts(VirtualHost.newBuilder()
                        .setName("inbound|http|" + port.port())
                        .addDomains("*")
                        .addRoutes(Route.newBuilder()
                                .setName(RouteDefaults.DEFAULT_ROUTE)
                                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                .setRoute(RouteDefaults.forward(cluster,
                                        com.google.protobuf.Duration.getDefaultInstance()))))
                .build();
    }

    private List<Route> routes(MeshService service, ServicePort port) {
        Optional<ConfigResource<VirtualService>> vs = context.index().virtualServiceFor(service.hostname());
        List<Route> routes = vs.map(v -> converter.convert(v, port.number())).orElse(List.of());
        if (!routes.isEmpty()) {
            return routes;
        }
        String cluster = ResourceNames.outboundCluster(port.number(), "", service.hostname());
        return List.of(RouteDefaults.catchAll(cluster, !context.isGrpc()));
    }
}
