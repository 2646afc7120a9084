package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;

/** TLS toward upstreams (DestinationRule {@code tls}): which mode needs which certificates. */
final class ClientTlsRules {

    private ClientTlsRules() {
    }

    static void check(Checks checks, FieldPath path, @Nullable ClientTLSSettings tls) {
        if (tls == null) {
            return;
        }
        ClientTLSSettingsTLSmode mode = tls.getMode() == null ? ClientTLSSettingsTLSmode.DISABLE : tls.getMode();
        boolean credential = !Nulls.isEmpty(tls.getCredentialName());
        switch (mode) {
            case ISTIO_MUTUAL -> {
                // The mesh's own certificates are used; Istio's API says the file fields must be empty.
                for (String field : new String[] {"clientCertificate", "privateKey", "caCertificates", "credentialName"}) {
                    if (!Nulls.isEmpty(fileField(tls, field))) {
                        checks.invalid(path.child(field), fileField(tls, field),
                                "unset with ISTIO_MUTUAL, which uses the mesh's certificates; use MUTUAL for your own");
                    }
                }
            }
            case MUTUAL, SIMPLE -> {
                if (credential) {
                    for (String field : new String[] {"clientCertificate", "privateKey", "caCertificates", "caCrl"}) {
                        if (!Nulls.isEmpty(fileField(tls, field))) {
                            checks.conflict(path.child(field), "credentialName",
                                    "certificates from credentialName or from files, not both");
                        }
                    }
                } else if (mode == ClientTLSSettingsTLSmode.MUTUAL) {
                    if (Nulls.isEmpty(tls.getClientCertificate())) {
                        checks.missing(path.child("clientCertificate"), "a client certificate file for MUTUAL, or credentialName");
                    }
                    if (Nulls.isEmpty(tls.getPrivateKey())) {
                        checks.missing(path.child("privateKey"), "a private key file for MUTUAL, or credentialName");
                    }
                }
                if (Nulls.isTrue(tls.getInsecureSkipVerify())) {
                    checkSkipVerify(checks, path, tls, mode == ClientTLSSettingsTLSmode.SIMPLE);
                }
            }
            case DISABLE -> {
            }
        }
    }

    /** Skipping verification contradicts anything that would verify the server. */
    private static void checkSkipVerify(Checks checks, FieldPath path, ClientTLSSettings tls, boolean simple) {
        if (!Nulls.isEmpty(tls.getCaCertificates())) {
            checks.conflict(path.child("caCertificates"), "insecureSkipVerify: true", "no CA when verification is skipped");
        }
        if (!Nulls.isEmpty(tls.getSubjectAltNames())) {
            checks.conflict(path.child("subjectAltNames"), "insecureSkipVerify: true",
                    "no subjectAltNames when verification is skipped");
        }
        if (simple && !Nulls.isEmpty(tls.getCredentialName())) {
            checks.conflict(path.child("credentialName"), "insecureSkipVerify: true",
                    "no CA credential when verification is skipped");
        }
    }

    private static @Nullable String fileField(ClientTLSSettings tls, String field) {
        return switch (field) {
            case "clientCertificate" -> tls.getClientCertificate();
            case "privateKey" -> tls.getPrivateKey();
            case "caCertificates" -> tls.getCaCertificates();
            case "caCrl" -> tls.getCaCrl();
            case "credentialName" -> tls.getCredentialName();
            default -> throw new IllegalArgumentException(field);
        };
    }
}
