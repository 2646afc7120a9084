package dev.sutra.xds.cluster;

import com.google.protobuf.Any;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.Resolution;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.api.mesh.Workload;
import dev.sutra.xds.IstioDurations;
import dev.sutra.xds.ProxyContext;
import dev.sutra.xds.ResourceNames;
import dev.sutra.xds.node.AppPort;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * CDS: one outbound cluster per service port and per DestinationRule subset, with Istio's names and
 * defaults (least request, 10 s connect timeout, open circuit breakers), and for a sidecar one
 * inbound cluster per application port. Endpoints of outbound clusters come by EDS over ADS;
 * services resolved by DNS get STRICT_DNS clusters with their hostnames. Outbound clusters of a
 * sidecar in a mesh with identities carry TLS ({@link ClusterTls}); inbound ones stay plaintext
 * (loopback to the local application).
 */
public final class ClusterTranslator {

    /** The key of upstream HTTP protocol options in {@code typed_extension_protocol_options}. */
    public static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private static final com.google.protobuf.Duration CONNECT_TIMEOUT = IstioDurations.ofSeconds(10);

    private final ProxyContext context;
    private final ClusterTls tls;

    public ClusterTranslator(ProxyContext context) {
        this.context = context;
        this.tls = new ClusterTls(context);
    }

    /** Every outbound cluster the proxy may route to. */
    public List<Cluster> outbound() {
        List<Cluster> clusters = new ArrayList<>();
        for (MeshService service : context.index().catalog().services()) {
            clusters.addAll(outbound(service, context.index().destinationRuleFor(
                    service.hostname(), context.proxy().namespace(), service.namespace())));
        }
        return clusters;
    }

    /**
     * The outbound clusters of one service under {@code rule}, the DestinationRule that applies to
     * it for this proxy: one per port, and one per port and subset. Nothing else of the proxy but
     * its generator goes in, so proxies that get the same rule get the same clusters.
     */
    public List<Cluster> outbound(MeshService service, Optional<ConfigResource<DestinationRule>> rule) {
        List<Cluster> clusters = new ArrayList<>();
        for (ServicePort port : service.ports()) {
            clusters.add(outbound(service, port, "", rule));
            for (Subset subset : rule.map(r -> Objects.requireNonNullElse(r.spec().getSubsets(),
                    List.<Subset>of())).orElse(List.of())) {
                if (subset.getName() != null && !subset.getName().isEmpty()) {
                    clusters.add(outbound(service, port, subset.getName(), rule));
                }
            }
        }
        return clusters;
    }

    private Cluster outbound(MeshService service, ServicePort port, String subset,
            Optional<ConfigResource<DestinationRule>> rule) {
        String name = ResourceNames.outboundCluster(port.number(), subset, service.hostname());
        EffectivePolicy policy = EffectivePolicy.of(rule.map(ConfigResource::spec).orElse(null), port.number(), subset);
        Cluster.LbPolicy fallback = context.isGrpc() ? Cluster.LbPolicy.ROUND_ROBIN : Cluster.LbPolicy.LEAST_REQUEST;
        Cluster.Builder cluster = Cluster.newBuilder()
                .setName(name)
                .setConnectTimeout(CONNECT_TIMEOUT)
                .setLbPolicy(TrafficPolicies.lbPolicy(policy, fallback))
                .setCircuitBreakers(TrafficPolicies.circuitBreakers(policy))
                .setMetadata(metadata(service, port, subset));
        TrafficPolicies.connectTimeout(policy, cluster);
        TrafficPolicies.outlierDetection(policy, cluster);
        if (context.index().resolvedByDns(service)) {
            cluster.setType(service.resolution() == Resolution.DNS
                    ? Cluster.DiscoveryType.STRICT_DNS : Cluster.DiscoveryType.LOGICAL_DNS)
                    .setDnsLookupFamily(Cluster.DnsLookupFamily.V4_PREFERRED)
                    .setLoadAssignment(dnsAssignment(name, service, port));
        } else {
            cluster.setType(Cluster.DiscoveryType.EDS)
                    .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
                            .setEdsConfig(ads())
                            .setServiceName(name));
        }
        if (!context.isGrpc()) {
            cluster.getCommonLbConfigBuilder().setLocalityWeightedLbConfig(
                    Cluster.CommonLbConfig.LocalityWeightedLbConfig.getDefaultInstance());
            boolean http2 = port.protocol().isHttp() && http2Upstream(service, port);
            if (port.protocol().isHttp()) {
                cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Any.pack(
                        protocolOptions(http2, TrafficPolicies.commonHttpOptions(policy))));
            }
            tls.apply(cluster, service, port, subset, policy.tls(), alpn(port, http2));
        }
        return cluster.build();
    }

    /**
     * Between sidecars traffic is HTTP/2 (multiplexed, and over mTLS once identities exist), as in
     * Linkerd; to an application without a sidecar it is the port's own protocol. The codec stays
     * explicit under mutual TLS too, rather than Envoy's {@code auto_config} (ALPN picks per
     * connection): when every endpoint has a sidecar all of them speak h2 over mTLS, and when some
     * do not, endpoints of one cluster must not speak different protocols to one connection pool.
     */
    private boolean http2Upstream(MeshService service, ServicePort port) {
        if (port.protocol().isHttp2()) {
            return true;
        }
        List<Workload> endpoints = context.index().endpoints(service);
        return !endpoints.isEmpty() && endpoints.stream().allMatch(Workload::hasSidecar);
    }

    /**
     * The ALPN a TLS client offers: exactly the protocol the cluster's explicit codec speaks. Offering
     * both would let a server that prefers h2 (Envoy's and Sutra's inbound do) choose HTTP/2 for an
     * HTTP/1.1 connection pool; Istio likewise offers h2 only to HTTP/2 clusters. TCP offers none.
     */
    private static List<String> alpn(ServicePort port, boolean http2) {
        if (!port.protocol().isHttp()) {
            return List.of();
        }
        return http2 ? List.of("h2") : List.of("http/1.1");
    }

    /** A sidecar's clusters for its own application ports, on loopback. */
    public List<Cluster> inbound() {
        List<Cluster> clusters = new ArrayList<>();
        for (AppPort port : context.proxy().ports()) {
            String name = ResourceNames.inboundCluster(port.targetPort());
            Cluster.Builder cluster = Cluster.newBuilder()
                    .setName(name)
                    .setType(Cluster.DiscoveryType.STATIC)
                    .setConnectTimeout(CONNECT_TIMEOUT)
                    .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                    .setLoadAssignment(ClusterLoadAssignment.newBuilder()
                            .setClusterName(name)
                            .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(
                                    lbEndpoint("127.0.0.1", port.targetPort()))));
            if (port.protocol().isHttp()) {
                cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Any.pack(protocolOptions(
                        port.protocol().isHttp2(), io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions
                                .getDefaultInstance())));
            }
            clusters.add(cluster.build());
        }
        return clusters;
    }

    private static HttpProtocolOptions protocolOptions(boolean http2,
            io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions common) {
        HttpProtocolOptions.ExplicitHttpConfig.Builder explicit = HttpProtocolOptions.ExplicitHttpConfig.newBuilder();
        if (http2) {
            explicit.setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance());
        } else {
            explicit.setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance());
        }
        HttpProtocolOptions.Builder options = HttpProtocolOptions.newBuilder().setExplicitHttpConfig(explicit);
        if (!common.equals(io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.getDefaultInstance())) {
            options.setCommonHttpProtocolOptions(common);
        }
        return options.build();
    }

    /** The hostname itself as the endpoint, on the port's {@code targetPort} (its number when unset). */
    private static ClusterLoadAssignment dnsAssignment(String name, MeshService service, ServicePort port) {
        return ClusterLoadAssignment.newBuilder()
                .setClusterName(name)
                .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(
                        lbEndpoint(service.hostname(), port.targetPort())))
                .build();
    }

    private static LbEndpoint lbEndpoint(String address, int port) {
        return LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress(address).setPortValue(port)))).build();
    }

    /** EDS over the ADS stream, the only source proxyless gRPC accepts besides "self". */
    public static ConfigSource ads() {
        return ConfigSource.newBuilder()
                .setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3)
                .build();
    }

    private Metadata metadata(MeshService service, ServicePort port, String subset) {
        Struct.Builder svc = Struct.newBuilder()
                .putFields("host", Value.newBuilder().setStringValue(service.hostname()).build())
                .putFields("name", Value.newBuilder().setStringValue(service.isClusterLocal(
                        context.domainSuffix()) ? service.shortName() : service.hostname()).build())
                .putFields("namespace", Value.newBuilder().setStringValue(service.namespace()).build());
        Struct.Builder istio = Struct.newBuilder()
                .putFields("services", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setStructValue(svc))).build())
                .putFields("default_original_port", Value.newBuilder().setNumberValue(port.number()).build());
        if (!subset.isEmpty()) {
            istio.putFields("subset", Value.newBuilder().setStringValue(subset).build());
        }
        return Metadata.newBuilder().putFilterMetadata("istio", istio.build()).build();
    }
}
