package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSCertificate;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import java.util.List;

/** TLS where a proxy terminates it (Gateway servers, Sidecar ingress): which mode needs which certificates. */
final class ServerTlsRules {

    private ServerTlsRules() {
    }

    static void check(Checks checks, FieldPath path, @Nullable ServerTLSSettings tls) {
        if (tls == null) {
            return;
        }
        // An unset mode is PASSTHROUGH, the enum's zero value.
        ServerTLSSettingsTLSmode mode = tls.getMode() == null ? ServerTLSSettingsTLSmode.PASSTHROUGH : tls.getMode();
        boolean credential = !Nulls.isEmpty(tls.getCredentialName()) || !Nulls.isEmpty(tls.getCredentialNames());
        List<ServerTLSSettingsTLSCertificate> certificates = Nulls.list(tls.getTlsCertificates());
        if (mode == ServerTLSSettingsTLSmode.ISTIO_MUTUAL) {
            // The gateway presents the mesh's own certificate.
            if (!Nulls.isEmpty(tls.getServerCertificate()) || !Nulls.isEmpty(tls.getPrivateKey())
                    || !Nulls.isEmpty(tls.getCaCertificates()) || credential || !certificates.isEmpty()) {
                checks.error(path, "certificates set with mode ISTIO_MUTUAL (expected: none; ISTIO_MUTUAL uses the "
                        + "mesh's certificates, use MUTUAL for your own)");
            }
            return;
        }
        int sources = (!Nulls.isEmpty(tls.getServerCertificate()) && !Nulls.isEmpty(tls.getPrivateKey()) ? 1 : 0)
                + (Nulls.isEmpty(tls.getCredentialName()) ? 0 : 1) + (Nulls.isEmpty(tls.getCredentialNames()) ? 0 : 1)
                + (certificates.isEmpty() ? 0 : 1);
        if (sources > 1) {
            checks.error(path, sources + " certificate sources (expected: one of credentialName, credentialNames, "
                    + "tlsCertificates or serverCertificate with privateKey)");
        }
        boolean terminates = mode == ServerTLSSettingsTLSmode.SIMPLE || mode == ServerTLSSettingsTLSmode.MUTUAL
                || mode == ServerTLSSettingsTLSmode.OPTIONAL_MUTUAL;
        if (terminates && !credential) {
            boolean mutual = mode != ServerTLSSettingsTLSmode.SIMPLE;
            if (mutual && Nulls.isEmpty(tls.getCaCertificates())) {
                checks.missing(path.child("caCertificates"), "a CA bundle to verify clients with in mode " + mode.name()
                        + ", or credentialName");
            }
            if (certificates.isEmpty()) {
                checkPair(checks, path, tls.getServerCertificate(), tls.getPrivateKey(), mode);
            }
            for (int i = 0; i < certificates.size(); i++) {
                ServerTLSSettingsTLSCertificate c = certificates.get(i);
                checkPair(checks, path.child("tlsCertificates").index(i), c == null ? null : c.getServerCertificate(),
                        c == null ? null : c.getPrivateKey(), mode);
            }
        }
        if (!Nulls.isEmpty(tls.getCaCrl())) {
            if (!Nulls.isEmpty(tls.getCredentialName())) {
                checks.conflict(path.child("caCrl"), "credentialName", "the CRL inside the credential");
            } else if (mode == ServerTLSSettingsTLSmode.SIMPLE) {
                checks.invalid(path.child("caCrl"), tls.getCaCrl(), "no CRL with SIMPLE TLS, which does not verify clients");
            }
        }
    }

    private static void checkPair(Checks checks, FieldPath path, @Nullable String certificate, @Nullable String key,
            ServerTLSSettingsTLSmode mode) {
        if (Nulls.isEmpty(certificate)) {
            checks.missing(path.child("serverCertificate"), "a certificate file in mode " + mode.name() + ", or credentialName");
        }
        if (Nulls.isEmpty(key)) {
            checks.missing(path.child("privateKey"), "a private key file in mode " + mode.name() + ", or credentialName");
        }
    }
}
