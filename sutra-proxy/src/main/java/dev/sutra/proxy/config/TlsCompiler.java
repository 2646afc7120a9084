package dev.sutra.proxy.config;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.ca.PemException;
import dev.sutra.ca.TrustBundle;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Transport sockets and secrets to compiled TLS settings. Mesh TLS names its certificate by the SDS
 * secret {@code default} (the workload's own, held by the proxy) and its roots by {@code ROOTCA};
 * TLS to external servers uses files. Anything else is rejected by field, so the proxy NACKs.
 */
final class TlsCompiler {

    static final String TLS = "envoy.transport_sockets.tls";
    static final String RAW = "envoy.transport_sockets.raw_buffer";
    static final String OWN_CERTIFICATE = "default";
    static final String ROOTS = "ROOTCA";

    private TlsCompiler() {
    }

    static TlsSelector cluster(Cluster cluster) throws InvalidConfigException {
        String name = cluster.getName();
        UpstreamTls fallback = cluster.hasTransportSocket()
                ? upstream(name, "transport_socket", cluster.getTransportSocket()) : UpstreamTls.Plaintext.INSTANCE;
        List<TlsSelector.Entry> matches = new ArrayList<>();
        for (int i = 0; i < cluster.getTransportSocketMatchesCount(); i++) {
            var m = cluster.getTransportSocketMatches(i);
            matches.add(new TlsSelector.Entry(m.getName(), m.getMatch().getFieldsMap(),
                    upstream(name, "transport_socket_matches[" + i + "].transport_socket", m.getTransportSocket())));
        }
        return matches.isEmpty() && fallback instanceof UpstreamTls.Plaintext ? TlsSelector.PLAINTEXT
                : new TlsSelector(matches, fallback);
    }

    private static UpstreamTls upstream(String cluster, String field, TransportSocket socket)
            throws InvalidConfigException {
        if (socket.getName().equals(RAW) || socket.getTypedConfig().getTypeUrl().endsWith(".RawBuffer")) {
            return UpstreamTls.Plaintext.INSTANCE;
        }
        UpstreamTlsContext tls = unpack(socket.getTypedConfig(), UpstreamTlsContext.class, "Cluster", cluster, field);
        CommonTlsContext common = tls.getCommonTlsContext();
        List<String> alpn = common.getAlpnProtocolsList();
        if (usesSds(common)) {
            requireMeshSecrets("Cluster", cluster, field + ".typed_config.common_tls_context", common);
            return new UpstreamTls.Mesh(tls.getSni(), alpn, sans(validation(common)));
        }
        CertificateValidationContext validation = validation(common);
        Path ca = validation.getTrustedCa().getFilename().isEmpty() ? null : Path.of(validation.getTrustedCa().getFilename());
        Path cert = null;
        Path key = null;
        if (common.getTlsCertificatesCount() > 0) {
            cert = Path.of(common.getTlsCertificates(0).getCertificateChain().getFilename());
            key = Path.of(common.getTlsCertificates(0).getPrivateKey().getFilename());
        }
        // Istio's insecureSkipVerify arrives as Envoy's ACCEPT_UNTRUSTED.
        boolean insecure = validation.getTrustChainVerification()
                == CertificateValidationContext.TrustChainVerification.ACCEPT_UNTRUSTED;
        return new UpstreamTls.Files(tls.getSni(), alpn, ca, cert, key, sans(validation), insecure);
    }

    static DownstreamTls downstream(String listener, String field, TransportSocket socket) throws InvalidConfigException {
        DownstreamTlsContext tls = unpack(socket.getTypedConfig(), DownstreamTlsContext.class, "Listener", listener, field);
        CommonTlsContext common = tls.getCommonTlsContext();
        if (!usesSds(common)) {
            throw new InvalidConfigException("Listener", listener, field + ".typed_config.common_tls_context",
                    "only the mesh's SDS secrets (" + OWN_CERTIFICATE + ", " + ROOTS + ") are supported for listeners");
        }
        requireMeshSecrets("Listener", listener, field + ".typed_config.common_tls_context", common);
        boolean require = tls.hasRequireClientCertificate() && tls.getRequireClientCertificate().getValue();
        return new DownstreamTls(require, common.getAlpnProtocolsList());
    }

    /** The trust bundle of the {@code ROOTCA} secret. */
    static TrustBundle roots(Secret secret) throws InvalidConfigException {
        if (!secret.hasValidationContext() || !secret.getValidationContext().hasTrustedCa()) {
            throw new InvalidConfigException("Secret", secret.getName(), "validation_context.trusted_ca", "required");
        }
        var source = secret.getValidationContext().getTrustedCa();
        String pem = source.hasInlineBytes() ? source.getInlineBytes().toString(StandardCharsets.UTF_8)
                : source.getInlineString();
        try {
            return TrustBundle.fromPem("Secret " + secret.getName(), pem);
        } catch (PemException | IllegalArgumentException e) {
            throw new InvalidConfigException("Secret", secret.getName(), "validation_context.trusted_ca", e.getMessage());
        }
    }

    private static boolean usesSds(CommonTlsContext common) {
        return common.getTlsCertificateSdsSecretConfigsCount() > 0 || common.hasValidationContextSdsSecretConfig()
                || common.getCombinedValidationContext().hasValidationContextSdsSecretConfig();
    }

    private static void requireMeshSecrets(String type, String name, String field, CommonTlsContext common)
            throws InvalidConfigException {
        for (var c : common.getTlsCertificateSdsSecretConfigsList()) {
            if (!c.getName().equals(OWN_CERTIFICATE)) {
                throw new InvalidConfigException(type, name, field + ".tls_certificate_sds_secret_configs",
                        "secret \"" + c.getName() + "\" (expected: " + OWN_CERTIFICATE + ", the workload's own)");
            }
        }
        String roots = common.hasValidationContextSdsSecretConfig() ? common.getValidationContextSdsSecretConfig().getName()
                : common.getCombinedValidationContext().getValidationContextSdsSecretConfig().getName();
        if (!roots.equals(ROOTS)) {
            throw new InvalidConfigException(type, name, field, "validation secret \"" + roots + "\" (expected: " + ROOTS + ")");
        }
    }

    private static CertificateValidationContext validation(CommonTlsContext common) {
        return common.hasCombinedValidationContext() ? common.getCombinedValidationContext().getDefaultValidationContext()
                : common.getValidationContext();
    }

    /** The exact names (URIs, DNS names) the peer certificate must carry; prefixes mean "any". */
    private static Set<String> sans(CertificateValidationContext validation) {
        Set<String> out = new LinkedHashSet<>();
        for (SubjectAltNameMatcher m : validation.getMatchTypedSubjectAltNamesList()) {
            if (m.getMatcher().hasExact()) {
                out.add(m.getMatcher().getExact());
            }
        }
        return out;
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type, String kind, String name,
            String field) throws InvalidConfigException {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidConfigException(kind, name, field + ".typed_config", "expected " + type.getSimpleName()
                    + " (" + e.getMessage() + ")");
        }
    }
}
