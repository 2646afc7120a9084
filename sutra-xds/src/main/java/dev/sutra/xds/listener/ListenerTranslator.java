package dev.sutra.xds.listener;

import com.google.protobuf.Any;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.xds.ProxyContext;
import dev.sutra.xds.ResourceNames;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.ProxyNode;
import dev.sutra.xds.route.RouteTranslator;
import dev.sutra.xds.telemetry.AccessLogging;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * LDS. A sidecar gets its outbound HTTP listener ({@code virtualOutbound}, routing by Host through
 * {@code http_proxy}), one inbound listener per application port ({@code virtualInbound}, then
 * {@code virtualInbound_<port>}) handing traffic to the local application, behind mutual TLS as
 * PeerAuthentication says once the mesh has identities, and a listener per configured upstream
 * bind. A proxyless gRPC client gets an API listener per target it asked for.
 */
public final class ListenerTranslator {

    static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";

    private final ProxyContext context;
    private final RouteTranslator routes;
    /** Which of the sidecar's listeners log requests (Telemetry). */
    private final AccessLogging.Sides logging;

    public ListenerTranslator(ProxyContext context, RouteTranslator routes) {
        this.context = context;
        this.routes = routes;
        this.logging = context.accessLogging();
    }

    public List<Listener> sidecar() {
        ProxyNode proxy = context.proxy();
        List<Listener> listeners = new ArrayList<>();
        if (proxy.outboundPort() > 0) {
            listeners.add(Listener.newBuilder()
                    .setName(ResourceNames.OUTBOUND_LISTENER)
                    .setAddress(address(proxy.outboundAddress(), proxy.outboundPort()))
                    .setTrafficDirection(TrafficDirection.OUTBOUND)
                    .addFilterChains(FilterChain.newBuilder().addFilters(httpFilter(HttpConnectionManagers.rds(
                            "outbound_http", ResourceNames.HTTP_PROXY_ROUTE, logging.client()))))
                    .build());
        }
        for (int i = 0; i < proxy.ports().size(); i++) {
            AppPort port = proxy.ports().get(i);
            String name = i == 0 ? ResourceNames.INBOUND_LISTENER
                    : ResourceNames.INBOUND_LISTENER + "_" + port.inboundPort();
            listeners.add(inbound(name, port));
        }
        for (ProxyNode.UpstreamBind bind : proxy.upstreams()) {
            upstream(bind).ifPresent(listeners::add);
        }
        return listeners;
    }

    /**
     * The inbound listener of one application port, handing traffic to the local application; its
     * chains follow the port's mutual TLS mode (plaintext when the mesh has no identities).
     */
    private Listener inbound(String name, AppPort port) {
        Listener.Builder listener = Listener.newBuilder()
                .setName(name)
                .setAddress(address("0.0.0.0", port.inboundPort()))
                .setTrafficDirection(TrafficDirection.INBOUND);
        InboundTls.addChains(listener, ResourceNames.inboundCluster(port.targetPort()), context.inboundMtls(port),
                port.protocol().isHttp(), context.trustDomain(),
                () -> inboundFilter(port, false), () -> inboundFilter(port, true));
        return listener.build();
    }

    private Filter inboundFilter(AppPort port, boolean mutualTls) {
        String statPrefix = "inbound_0.0.0.0_" + port.targetPort();
        if (!port.protocol().isHttp()) {
            return tcpFilter(statPrefix, ResourceNames.inboundCluster(port.targetPort()));
        }
        RouteConfiguration local = routes.inbound(port);
        return httpFilter(mutualTls ? HttpConnectionManagers.inlineMutualTls(statPrefix, local, logging.server())
                : HttpConnectionManagers.inline(statPrefix, local, logging.server()));
    }

    /** A local port bound to one service port: TCP passes through, HTTP routes as that service. */
    private Optional<Listener> upstream(ProxyNode.UpstreamBind bind) {
        Optional<MeshService> service = context.index().catalog().service(bind.host());
        Optional<ServicePort> port = service.flatMap(s -> s.port(bind.port()));
        if (port.isEmpty()) {
            return Optional.empty();
        }
        String name = bind.bindAddress() + "_" + bind.bindPort();
        String cluster = ResourceNames.outboundCluster(bind.port(), "", bind.host());
        Filter filter;
        if (port.get().protocol().isHttp()) {
            RouteConfiguration inline = RouteConfiguration.newBuilder()
                    .setName(name)
                    .addVirtualHosts(routes.virtualHost(service.get(), port.get(), List.of("*")))
                    .build();
            filter = httpFilter(HttpConnectionManagers.inline("outbound_" + name, inline, logging.client()));
        } else {
            filter = tcpFilter("outbound|" + bind.port() + "||" + bind.host(), cluster);
        }
        return Optional.of(Listener.newBuilder()
                .setName(name)
                .setAddress(address(bind.bindAddress(), bind.bindPort()))
                .setTrafficDirection(TrafficDirection.OUTBOUND)
                .addFilterChains(FilterChain.newBuilder().addFilters(filter))
                .build());
    }

    /** An API listener for a gRPC target the client asked for, if the target names a service. */
    public Optional<Listener> grpc(String target) {
        return routes.forGrpcTarget(target).map(route -> Listener.newBuilder()
                .setName(target)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(
                        HttpConnectionManagers.api(target))))
                .build());
    }

    private static Filter httpFilter(com.google.protobuf.Message manager) {
        return Filter.newBuilder().setName(HttpConnectionManagers.NAME).setTypedConfig(Any.pack(manager)).build();
    }

    private static Filter tcpFilter(String statPrefix, String cluster) {
        return Filter.newBuilder()
                .setName(TCP_PROXY)
                .setTypedConfig(Any.pack(TcpProxy.newBuilder().setStatPrefix(statPrefix).setCluster(cluster).build()))
                .build();
    }

    static Address address(String host, int port) {
        return Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
                .build();
    }
}
