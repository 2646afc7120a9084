package dev.sutra.proxy.config;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.proxy.cluster.EndpointSet;
import dev.sutra.proxy.cluster.LbConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CDS (with EDS) resources to {@link CompiledCluster}s: EDS, STATIC and DNS clusters, HTTP/1.1 or
 * HTTP/2 upstreams, circuit breakers. DNS names are resolved here, on the xDS thread, once per
 * config update (re-resolution on a timer is not done yet); a name that does not resolve leaves the
 * cluster without endpoints rather than rejecting the whole update.
 */
final class ClusterCompiler {

    private static final Logger log = LoggerFactory.getLogger(ClusterCompiler.class);
    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private ClusterCompiler() {
    }

    static CompiledCluster compile(Cluster cluster, Map<String, ClusterLoadAssignment> assignments)
            throws InvalidConfigException {
        String name = cluster.getName();
        LbConfig lb = LbConfig.compile(cluster);
        EndpointSet endpoints = switch (cluster.getClusterDiscoveryTypeCase()) {
            case TYPE -> switch (cluster.getType()) {
                case EDS -> {
                    String service = cluster.getEdsClusterConfig().getServiceName().isEmpty()
                            ? name : cluster.getEdsClusterConfig().getServiceName();
                    ClusterLoadAssignment cla = assignments.get(service);
                    yield cla == null ? null : EndpointSet.compile(cla.toBuilder().setClusterName(name).build(), lb);
                }
                case STATIC -> EndpointSet.compile(cluster.getLoadAssignment(), lb);
                case STRICT_DNS, LOGICAL_DNS -> EndpointSet.compile(resolve(cluster.getLoadAssignment()), lb);
                default -> throw new InvalidConfigException("Cluster", name, "type", "unsupported cluster type "
                        + cluster.getType() + " (expected: EDS, STATIC, STRICT_DNS or LOGICAL_DNS)");
            };
            default -> throw new InvalidConfigException("Cluster", name, "cluster_type",
                    "custom cluster types are not supported");
        };
        Duration connectTimeout = cluster.hasConnectTimeout()
                ? Duration.ofSeconds(cluster.getConnectTimeout().getSeconds(), cluster.getConnectTimeout().getNanos())
                : Duration.ofSeconds(5);
        UpstreamProtocol protocol = UpstreamProtocol.HTTP1;
        int maxRequestsPerConnection = 0;
        Duration idle = null;
        Any options = cluster.getTypedExtensionProtocolOptionsMap().get(HTTP_PROTOCOL_OPTIONS);
        if (options != null) {
            HttpProtocolOptions http = unpack(name, options);
            if (http.hasExplicitHttpConfig() && http.getExplicitHttpConfig().hasHttp2ProtocolOptions()) {
                protocol = UpstreamProtocol.HTTP2;
            } else if (http.hasUseDownstreamProtocolConfig() || http.hasAutoConfig()) {
                // Without TLS there is no ALPN to choose by; HTTP/1.1 is what such upstreams accept.
                protocol = UpstreamProtocol.HTTP1;
            }
            if (http.getCommonHttpProtocolOptions().hasMaxRequestsPerConnection()) {
                maxRequestsPerConnection = http.getCommonHttpProtocolOptions().getMaxRequestsPerConnection().getValue();
            }
            if (http.getCommonHttpProtocolOptions().hasIdleTimeout()) {
                var d = http.getCommonHttpProtocolOptions().getIdleTimeout();
                idle = Duration.ofSeconds(d.getSeconds(), d.getNanos());
            }
        }
        return new CompiledCluster(name, lb, endpoints, protocol, connectTimeout, CircuitBreakers.of(cluster),
                OutlierPolicy.of(cluster), maxRequestsPerConnection, idle, TlsCompiler.cluster(cluster));
    }

    private static HttpProtocolOptions unpack(String name, Any any) throws InvalidConfigException {
        try {
            return any.unpack(HttpProtocolOptions.class);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidConfigException("Cluster", name, "typed_extension_protocol_options[\""
                    + HTTP_PROTOCOL_OPTIONS + "\"]", "cannot decode: " + e.getMessage());
        }
    }

    /** The assignment with each hostname replaced by the addresses it resolves to. */
    private static ClusterLoadAssignment resolve(ClusterLoadAssignment cla) {
        ClusterLoadAssignment.Builder out = cla.toBuilder().clearEndpoints();
        for (LocalityLbEndpoints group : cla.getEndpointsList()) {
            LocalityLbEndpoints.Builder g = group.toBuilder().clearLbEndpoints();
            for (LbEndpoint e : group.getLbEndpointsList()) {
                var socket = e.getEndpoint().getAddress().getSocketAddress();
                try {
                    for (InetAddress address : InetAddress.getAllByName(socket.getAddress())) {
                        LbEndpoint.Builder resolved = e.toBuilder();
                        resolved.getEndpointBuilder().getAddressBuilder().getSocketAddressBuilder()
                                .setAddress(address.getHostAddress());
                        resolved.getEndpointBuilder().setHostname(socket.getAddress());
                        g.addLbEndpoints(resolved);
                    }
                } catch (UnknownHostException ex) {
                    log.warn("cluster {}: cannot resolve {}: {}", cla.getClusterName(), socket.getAddress(),
                            ex.getMessage());
                }
            }
            if (g.getLbEndpointsCount() > 0) {
                out.addEndpoints(g);
            }
        }
        return out.build();
    }
}
