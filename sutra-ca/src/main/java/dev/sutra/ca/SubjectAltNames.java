package dev.sutra.ca;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads subject alternative names out of a JDK certificate, in openssl's {@code TYPE:value} style. */
final class SubjectAltNames {

    // RFC 5280, section 4.2.1.6: GeneralName choice tags as the JDK reports them.
    private static final int EMAIL = 1;
    private static final int DNS = 2;
    private static final int URI = 6;
    private static final int IP = 7;

    private SubjectAltNames() {
    }

    /** The URI SANs, in certificate order. */
    static List<String> uris(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        for (List<?> name : names(certificate)) {
            if ((Integer) name.get(0) == URI) {
                uris.add((String) name.get(1));
            }
        }
        return uris;
    }

    /** Every SAN as {@code URI:...}, {@code DNS:...}, {@code IP:...}, {@code email:...} or {@code other:...}. */
    static List<String> all(X509Certificate certificate) {
        List<String> all = new ArrayList<>();
        for (List<?> name : names(certificate)) {
            int type = (Integer) name.get(0);
            String prefix = switch (type) {
                case URI -> "URI:";
                case DNS -> "DNS:";
                case IP -> "IP:";
                case EMAIL -> "email:";
                default -> "other(" + type + "):";
            };
            Object value = name.get(1);
            all.add(prefix + (value instanceof String s ? s : "<binary>"));
        }
        return all;
    }

    private static Collection<List<?>> names(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : names;
        } catch (CertificateParsingException e) {
            // The JDK parsed the certificate already; a SAN it cannot read counts as none we trust.
            return List.of();
        }
    }
}
