package dev.sutra.xds;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * Envoy resources as JSON, the way Envoy's own config dump shows them: {@code Any} fields expanded
 * with their {@code @type}. Every type Sutra packs into an {@code Any} is registered here.
 */
public final class XdsJson {

    private static final JsonFormat.TypeRegistry REGISTRY = JsonFormat.TypeRegistry.newBuilder()
            .add(Listener.getDescriptor())
            .add(RouteConfiguration.getDescriptor())
            .add(Cluster.getDescriptor())
            .add(ClusterLoadAssignment.getDescriptor())
            .add(Secret.getDescriptor())
            .add(HttpConnectionManager.getDescriptor())
            .add(TcpProxy.getDescriptor())
            .add(Router.getDescriptor())
            .add(HTTPFault.getDescriptor())
            .add(io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog.getDescriptor())
            .add(io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog.getDescriptor())
            .add(HttpProtocolOptions.getDescriptor())
            .add(PreviousHostsPredicate.getDescriptor())
            .add(UpstreamTlsContext.getDescriptor())
            .add(DownstreamTlsContext.getDescriptor())
            .add(RawBuffer.getDescriptor())
            .add(TlsInspector.getDescriptor())
            .add(io.envoyproxy.envoy.admin.v3.ConfigDump.getDescriptor())
            .add(io.envoyproxy.envoy.admin.v3.ListenersConfigDump.getDescriptor())
            .add(io.envoyproxy.envoy.admin.v3.ClustersConfigDump.getDescriptor())
            .add(io.envoyproxy.envoy.admin.v3.RoutesConfigDump.getDescriptor())
            .add(io.envoyproxy.envoy.admin.v3.EndpointsConfigDump.getDescriptor())
            .build();

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(REGISTRY);
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(REGISTRY);

    private XdsJson() {
    }

    public static JsonFormat.TypeRegistry registry() {
        return REGISTRY;
    }

    /** Pretty JSON of {@code message}. */
    public static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an Any holds a type missing from XdsJson's registry: " + e.getMessage(), e);
        }
    }

    /** Reads JSON into {@code builder}. */
    public static void parse(String json, Message.Builder builder) throws InvalidProtocolBufferException {
        PARSER.merge(json, builder);
    }
}
