package dev.sutra.xds.cluster;

import com.google.protobuf.Struct;
import dev.sutra.api.Nullable;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.api.mesh.Workload;
import dev.sutra.xds.ProxyContext;
import dev.sutra.xds.ResourceNames;
import dev.sutra.xds.security.MeshTls;
import dev.sutra.xds.security.MtlsMode;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The transport socket of an outbound cluster, decided as Istio's {@code cluster_tls.go} decides it
 * for a sidecar. Nothing at all unless the mesh has identities and the proxy is a sidecar.
 * <ul>
 *   <li>No {@code tls} in the DestinationRule: automatic mutual TLS. Endpoints that carry
 *       {@code tlsMode: istio} (those with a sidecar) get the mesh's mutual TLS, others plaintext,
 *       through {@code transport_socket_matches} read against each endpoint's
 *       {@code envoy.transport_socket_match} metadata. Not for services outside the mesh, nor when
 *       the service's namespace disables mutual TLS (Istio's best effort: mesh and namespace
 *       PeerAuthentication only), nor for services resolved by DNS, whose endpoints carry no
 *       metadata to match.
 *   <li>{@code ISTIO_MUTUAL}: the mesh's mutual TLS for every endpoint ({@code transport_socket}).
 *   <li>{@code DISABLE}: plaintext.
 *   <li>{@code SIMPLE}, {@code MUTUAL}: TLS origination with the rule's files ({@link TlsOrigination}).
 * </ul>
 */
final class ClusterTls {

    private final ProxyContext context;

    ClusterTls(ProxyContext context) {
        this.context = context;
    }

    /**
     * Sets the transport socket of {@code cluster} (service port {@code port}, {@code subset} or
     * empty) for the rule's merged {@code tls}; {@code alpn} names the protocol the cluster speaks.
     */
    void apply(Cluster.Builder cluster, MeshService service, ServicePort port, String subset,
            @Nullable ClientTLSSettings tls, List<String> alpn) {
        if (!context.mtlsEnabled()) {
            return;
        }
        if (tls == null) {
            if (automatic(service)) {
                // Envoy tries the matches in order; the empty match catches every other endpoint.
                cluster.addTransportSocketMatches(Cluster.TransportSocketMatch.newBuilder()
                                .setName("tlsMode-" + MeshTls.TLS_MODE_ISTIO)
                                .setMatch(MeshTls.sidecarEndpoint())
                                .setTransportSocket(MeshTls.tlsSocket(meshContext(service, port, subset, null, alpn))))
                        .addTransportSocketMatches(Cluster.TransportSocketMatch.newBuilder()
                                .setName("tlsMode-disabled")
                                .setMatch(Struct.getDefaultInstance())
                                .setTransportSocket(MeshTls.rawBufferSocket()));
            }
            return;
        }
        // Istio's API default: a tls block without a mode is DISABLE.
        ClientTLSSettingsTLSmode mode = Objects.requireNonNullElse(tls.getMode(), ClientTLSSettingsTLSmode.DISABLE);
        switch (mode) {
            case DISABLE -> {
            }
            case ISTIO_MUTUAL -> cluster.setTransportSocket(MeshTls.tlsSocket(meshContext(service, port, subset, tls,
                    alpn)));
            case SIMPLE, MUTUAL -> TlsOrigination.context(service, tls, alpn)
                    .ifPresent(origination -> cluster.setTransportSocket(MeshTls.tlsSocket(origination)));
        }
    }

    /** Whether automatic mutual TLS applies: Istio's {@code BestEffortInferServiceMTLSMode}. */
    private boolean automatic(MeshService service) {
        return !service.external() && !context.index().resolvedByDns(service)
                && context.index().peerAuthentications().forNamespace(service.namespace()) != MtlsMode.DISABLE;
    }

    /**
     * The client side of the mesh's mutual TLS. SNI names the destination Istio's way unless the
     * rule sets one; the peer must present one of the service's identities: the rule's
     * {@code subjectAltNames}, else the SPIFFE IDs of the service accounts of its endpoints with
     * sidecars, else (none known) any identity of the trust domain.
     */
    private UpstreamTlsContext meshContext(MeshService service, ServicePort port, String subset,
            @Nullable ClientTLSSettings tls, List<String> alpn) {
        String sni = tls == null || isEmpty(tls.getSni())
                ? ResourceNames.outboundSni(port.number(), subset, service.hostname()) : tls.getSni();
        List<SubjectAltNameMatcher> peers = tls == null || tls.getSubjectAltNames() == null
                || tls.getSubjectAltNames().isEmpty()
                ? identities(service) : TlsOrigination.subjectAltNames(tls.getSubjectAltNames());
        return UpstreamTlsContext.newBuilder()
                .setSni(sni)
                .setCommonTlsContext(MeshTls.meshContext(alpn, peers))
                .build();
    }

    private List<SubjectAltNameMatcher> identities(MeshService service) {
        TreeSet<String> ids = new TreeSet<>();
        for (Workload w : context.index().endpoints(service)) {
            if (w.hasSidecar()) {
                ids.add(MeshTls.spiffeId(context.trustDomain(), w.namespace(), w.serviceAccount()));
            }
        }
        if (ids.isEmpty()) {
            return List.of(MeshTls.anyIdentityOf(context.trustDomain()));
        }
        return ids.stream().map(MeshTls::identity).toList();
    }

    private static boolean isEmpty(@Nullable String s) {
        return s == null || s.isEmpty();
    }
}
