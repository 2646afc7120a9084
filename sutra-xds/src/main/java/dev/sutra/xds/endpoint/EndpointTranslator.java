package dev.sutra.xds.endpoint;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.api.mesh.Workload;
import dev.sutra.xds.ProxyContext;
import dev.sutra.xds.ResourceNames;
import dev.sutra.xds.security.MeshTls;
import dev.sutra.xds.security.MtlsMode;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * EDS: the endpoints of every outbound cluster, grouped by locality. Each locality carries a
 * load-balancing weight (the sum of its endpoints' weights, never zero: proxyless gRPC ignores
 * localities without one). Endpoints fronted by a sidecar carry Istio's {@code tlsMode: istio}
 * transport socket match (unless their PeerAuthentication disables mutual TLS on the port), and
 * their address is the sidecar's inbound port.
 */
public final class EndpointTranslator {

    /** The metadata key Envoy's transport socket matches read, as Istio sets it. */
    public static final String TRANSPORT_SOCKET_MATCH = "envoy.transport_socket_match";

    private final ProxyContext context;

    public EndpointTranslator(ProxyContext context) {
        this.context = context;
    }

    public List<ClusterLoadAssignment> outbound() {
        List<ClusterLoadAssignment> out = new ArrayList<>();
        for (MeshService service : context.index().catalog().services()) {
            out.addAll(outbound(service, context.index().destinationRuleFor(
                    service.hostname(), context.proxy().namespace(), service.namespace())));
        }
        return out;
    }

    /**
     * The load assignments of one service's EDS clusters under {@code rule}, the DestinationRule
     * that applies to it for this proxy (its subsets); none for a service resolved by DNS. Nothing
     * of the proxy goes in, so proxies that get the same rule get the same assignments.
     */
    public List<ClusterLoadAssignment> outbound(MeshService service, Optional<ConfigResource<DestinationRule>> rule) {
        List<ClusterLoadAssignment> out = new ArrayList<>();
        if (context.index().resolvedByDns(service)) {
            return out;
        }
        List<Workload> endpoints = context.index().endpoints(service);
        for (ServicePort port : service.ports()) {
            out.add(assignment(ResourceNames.outboundCluster(port.number(), "", service.hostname()),
                    endpoints, port, Map.of()));
            for (Subset subset : rule.map(r -> Objects.requireNonNullElse(r.spec().getSubsets(),
                    List.<Subset>of())).orElse(List.of())) {
                if (subset.getName() == null || subset.getName().isEmpty()) {
                    continue;
                }
                Map<String, String> labels = Objects.requireNonNullElse(subset.getLabels(), Map.of());
                out.add(assignment(ResourceNames.outboundCluster(port.number(), subset.getName(),
                        service.hostname()), endpoints, port, labels));
            }
        }
        return out;
    }

    private ClusterLoadAssignment assignment(String cluster, List<Workload> workloads, ServicePort port,
            Map<String, String> subsetLabels) {
        Map<Locality, List<Workload>> byLocality = new LinkedHashMap<>();
        for (Workload w : workloads) {
            if (w.matches(subsetLabels) && !w.address().isEmpty()) {
                byLocality.computeIfAbsent(w.locality(), l -> new ArrayList<>()).add(w);
            }
        }
        ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder().setClusterName(cluster);
        byLocality.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Locality::toString)))
                .forEach(e -> {
                    LocalityLbEndpoints.Builder group = LocalityLbEndpoints.newBuilder()
                            .setLocality(io.envoyproxy.envoy.config.core.v3.Locality.newBuilder()
                                    .setRegion(e.getKey().region())
                                    .setZone(e.getKey().zone())
                                    .setSubZone(e.getKey().subZone()));
                    int weight = 0;
                    List<Workload> sorted = new ArrayList<>(e.getValue());
                    sorted.sort(java.util.Comparator.comparing(Workload::address)
                            .thenComparing(w -> w.dialPort(port)));
                    for (Workload w : sorted) {
                        group.addLbEndpoints(lbEndpoint(w, port));
                        weight += w.weight();
                    }
                    cla.addEndpoints(group.setLoadBalancingWeight(UInt32Value.of(Math.max(1, weight))));
                });
        return cla.build();
    }

    private LbEndpoint lbEndpoint(Workload w, ServicePort port) {
        Metadata.Builder metadata = Metadata.newBuilder().putFilterMetadata("istio", Struct.newBuilder()
                .putFields("workload", Value.newBuilder()
                        .setStringValue(w.name() + ";" + w.namespace() + ";" + w.serviceAccount()).build())
                .build());
        if (w.hasSidecar() && acceptsMtls(w, port)) {
            metadata.putFilterMetadata(TRANSPORT_SOCKET_MATCH, MeshTls.sidecarEndpoint());
        }
        return LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                        SocketAddress.newBuilder().setAddress(w.address()).setPortValue(w.dialPort(port)))))
                .setHealthStatus(HealthStatus.HEALTHY)
                .setLoadBalancingWeight(UInt32Value.of(w.weight()))
                .setMetadata(metadata)
                .build();
    }

    /**
     * Whether the workload's sidecar takes mutual TLS on the port: not when its effective
     * PeerAuthentication (workload and port level included) is DISABLE. Automatic mTLS then sends
     * plaintext to this endpoint, as Istio's endpoint builder does.
     */
    private boolean acceptsMtls(Workload w, ServicePort port) {
        return context.index().peerAuthentications().forWorkload(w.namespace(), w.labels())
                .forPort(w.targetPort(port)) != MtlsMode.DISABLE;
    }
}
