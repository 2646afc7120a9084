package dev.sutra.xds.cluster;

import dev.sutra.api.Nullable;
import dev.sutra.api.mesh.Hostnames;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.xds.security.MeshTls;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * TLS a sidecar originates toward an upstream with a DestinationRule's own settings ({@code SIMPLE},
 * or {@code MUTUAL} with a client certificate), as Istio's {@code constructUpstreamTLS} builds it.
 * Files are named, not inlined: the proxy reads them from its own file system, where the rule's
 * paths point (Istio serves them by SDS from its node agent; Envoy would read them itself).
 */
final class TlsOrigination {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private TlsOrigination() {
    }

    /**
     * The context for {@code tls} toward {@code service}, or none when the rule names its
     * certificates by {@code credentialName}: Istio gives those only to gateways and to rules with a
     * workload selector, and a sidecar's cluster then gets no TLS at all; Sutra, which has no
     * credential store, does the same.
     */
    static Optional<UpstreamTlsContext> context(MeshService service, ClientTLSSettings tls, List<String> alpn) {
        if (!isEmpty(tls.getCredentialName())) {
            return Optional.empty();
        }
        CommonTlsContext.Builder common = CommonTlsContext.newBuilder()
                .setTlsParams(MeshTls.tlsParams())
                .addAllAlpnProtocols(alpn)
                .setValidationContext(validation(service, tls));
        if (tls.getMode() == ClientTLSSettingsTLSmode.MUTUAL) {
            // Validation requires both files for MUTUAL without credentialName.
            common.addTlsCertificates(TlsCertificate.newBuilder()
                    .setCertificateChain(file(tls.getClientCertificate()))
                    .setPrivateKey(file(tls.getPrivateKey())));
        }
        UpstreamTlsContext.Builder context = UpstreamTlsContext.newBuilder().setCommonTlsContext(common);
        String sni = isEmpty(tls.getSni()) ? autoSni(service) : tls.getSni();
        if (!sni.isEmpty()) {
            context.setSni(sni);
        }
        return Optional.of(context.build());
    }

    /**
     * How the server's certificate is checked. {@code insecureSkipVerify}: not at all (an empty
     * validation context). Otherwise it must chain to {@code caCertificates}, or to the system's
     * roots when unset ({@code system_root_certs}; Istio's agent serves "file-root:system"), and
     * not be revoked by {@code caCrl}; and carry one of {@code subjectAltNames}. Without those and
     * without {@code sni}, Istio validates the name it sends as SNI ({@code auto_san_validation}):
     * here the service's hostname.
     */
    private static CertificateValidationContext validation(MeshService service, ClientTLSSettings tls) {
        CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder();
        if (Boolean.TRUE.equals(tls.getInsecureSkipVerify())) {
            return validation.build();
        }
        if (isEmpty(tls.getCaCertificates())) {
            validation.setSystemRootCerts(CertificateValidationContext.SystemRootCerts.getDefaultInstance());
        } else {
            validation.setTrustedCa(file(tls.getCaCertificates()));
        }
        if (!isEmpty(tls.getCaCrl())) {
            validation.setCrl(file(tls.getCaCrl()));
        }
        List<String> names = tls.getSubjectAltNames() == null ? List.of() : tls.getSubjectAltNames();
        if (!names.isEmpty()) {
            validation.addAllMatchTypedSubjectAltNames(subjectAltNames(names));
        } else if (isEmpty(tls.getSni()) && !autoSni(service).isEmpty()) {
            validation.addMatchTypedSubjectAltNames(matcher(SubjectAltNameMatcher.SanType.DNS, autoSni(service)));
        }
        return validation.build();
    }

    /**
     * Istio's {@code subjectAltNames} as typed matchers. Istio matches them against SANs of any type;
     * Envoy's typed matchers need one, so it is read off the name: a URI ({@code spiffe://...}) has a
     * scheme, an IP address is a literal, anything else is a DNS name.
     */
    static List<SubjectAltNameMatcher> subjectAltNames(List<String> names) {
        return names.stream().map(name -> matcher(sanType(name), name)).toList();
    }

    private static SubjectAltNameMatcher.SanType sanType(String name) {
        if (name.contains("://")) {
            return SubjectAltNameMatcher.SanType.URI;
        }
        if (IPV4.matcher(name).matches() || IPV6.matcher(name).matches()) {
            return SubjectAltNameMatcher.SanType.IP_ADDRESS;
        }
        return SubjectAltNameMatcher.SanType.DNS;
    }

    /**
     * The SNI when the rule sets none. Istio asks Envoy for {@code auto_sni} (the request's host);
     * a Sutra cluster serves one service, so that host is the service's name. A wildcard host has
     * no single name to send.
     */
    private static String autoSni(MeshService service) {
        return Hostnames.isWildcard(service.hostname()) ? "" : service.hostname();
    }

    private static SubjectAltNameMatcher matcher(SubjectAltNameMatcher.SanType type, String name) {
        return SubjectAltNameMatcher.newBuilder()
                .setSanType(type)
                .setMatcher(StringMatcher.newBuilder().setExact(name))
                .build();
    }

    private static DataSource file(String path) {
        return DataSource.newBuilder().setFilename(path).build();
    }

    private static boolean isEmpty(@Nullable String s) {
        return s == null || s.isEmpty();
    }
}
