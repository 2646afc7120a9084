package dev.sutra.xds.security;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * The pieces of the mesh's own mutual TLS that inbound listeners and outbound clusters share: the
 * workload certificate and the trust bundle by SDS, TLS versions, and SPIFFE identity matchers.
 */
public final class MeshTls {

    /** Envoy's TLS transport socket. */
    public static final String TLS_SOCKET = "envoy.transport_sockets.tls";

    /** Envoy's plaintext transport socket. */
    public static final String RAW_BUFFER_SOCKET = "envoy.transport_sockets.raw_buffer";

    /**
     * The SDS secret of the workload's own certificate and key. The control plane never serves it:
     * the proxy resolves it from its own key and signed certificate, as Istio's node agent does.
     */
    public static final String WORKLOAD_CERTIFICATE = "default";

    /** The SDS secret of the mesh's trust bundle (Istio's name). */
    public static final String ROOT_CA = "ROOTCA";

    /**
     * The key and value of endpoint metadata (under {@code envoy.transport_socket_match}) that mark
     * an endpoint with a sidecar, as Istio copies them from the {@code security.istio.io/tlsMode}
     * label; clusters match them to pick mutual TLS.
     */
    public static final String TLS_MODE_KEY = "tlsMode";
    public static final String TLS_MODE_ISTIO = "istio";

    /** ALPN a sidecar's inbound side offers on HTTP ports: HTTP/2 preferred, HTTP/1.1 accepted. */
    public static final List<String> ALPN_HTTP = List.of("h2", "http/1.1");

    private static final ConfigSource ADS = ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(ApiVersion.V3)
            .build();

    private MeshTls() {
    }

    /** {@code {tlsMode: istio}}: the metadata of an endpoint with a sidecar, and the match for it. */
    public static Struct sidecarEndpoint() {
        return Struct.newBuilder()
                .putFields(TLS_MODE_KEY, Value.newBuilder().setStringValue(TLS_MODE_ISTIO).build())
                .build();
    }

    /** {@code spiffe://<trust domain>/ns/<namespace>/sa/<service account>}. */
    public static String spiffeId(String trustDomain, String namespace, String serviceAccount) {
        return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
    }

    /** Accepts any identity of {@code trustDomain}: a URI SAN starting {@code spiffe://<td>/}. */
    public static SubjectAltNameMatcher anyIdentityOf(String trustDomain) {
        return SubjectAltNameMatcher.newBuilder()
                .setSanType(SubjectAltNameMatcher.SanType.URI)
                .setMatcher(StringMatcher.newBuilder().setPrefix("spiffe://" + trustDomain + "/"))
                .build();
    }

    /** Accepts exactly the identity {@code spiffeId} (a URI SAN). */
    public static SubjectAltNameMatcher identity(String spiffeId) {
        return SubjectAltNameMatcher.newBuilder()
                .setSanType(SubjectAltNameMatcher.SanType.URI)
                .setMatcher(StringMatcher.newBuilder().setExact(spiffeId))
                .build();
    }

    /**
     * TLS 1.2 to 1.3, as Istio sets for sidecars on both sides (Envoy's server default minimum is
     * also 1.2, but saying so keeps the proxy from guessing).
     */
    public static TlsParameters tlsParams() {
        return TlsParameters.newBuilder()
                .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2)
                .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3)
                .build();
    }

    /**
     * The common context of the mesh's mutual TLS: the workload certificate ({@code default}) and
     * the trust bundle ({@code ROOTCA}) by SDS over ADS, with the peer's certificate also required
     * to carry one of {@code peers}' identities.
     */
    public static CommonTlsContext meshContext(List<String> alpn, List<SubjectAltNameMatcher> peers) {
        return CommonTlsContext.newBuilder()
                .setTlsParams(tlsParams())
                .addAllAlpnProtocols(alpn)
                .addTlsCertificateSdsSecretConfigs(sds(WORKLOAD_CERTIFICATE))
                .setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
                        .setDefaultValidationContext(CertificateValidationContext.newBuilder()
                                .addAllMatchTypedSubjectAltNames(peers))
                        .setValidationContextSdsSecretConfig(sds(ROOT_CA)))
                .build();
    }

    /** A TLS transport socket with {@code context} (a Downstream- or UpstreamTlsContext). */
    public static TransportSocket tlsSocket(Message context) {
        return TransportSocket.newBuilder().setName(TLS_SOCKET).setTypedConfig(Any.pack(context)).build();
    }

    /** A plaintext transport socket. */
    public static TransportSocket rawBufferSocket() {
        return TransportSocket.newBuilder()
                .setName(RAW_BUFFER_SOCKET)
                .setTypedConfig(Any.pack(RawBuffer.getDefaultInstance()))
                .build();
    }

    private static SdsSecretConfig sds(String name) {
        return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(ADS).build();
    }
}
