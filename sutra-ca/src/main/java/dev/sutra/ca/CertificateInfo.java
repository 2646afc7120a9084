package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * What an operator wants to know about a certificate, for {@code sutra check} and expiry gauges.
 *
 * @param identity the URI SAN (the SPIFFE ID of an SVID); else the subject; else the other SANs
 * @param serialHex the serial number in lower-case hex
 * @param notBefore start of validity
 * @param notAfter end of validity (inclusive, as in X.509)
 * @param issuer the issuer's distinguished name (RFC 2253)
 * @param secondsUntilExpiry seconds from the time of inspection to {@code notAfter}; negative once
 *     expired
 */
public record CertificateInfo(String identity, String serialHex, Instant notBefore, Instant notAfter,
        String issuer, long secondsUntilExpiry) {

    public CertificateInfo {
        requireNonNull(identity, "identity");
        requireNonNull(serialHex, "serialHex");
        requireNonNull(notBefore, "notBefore");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(issuer, "issuer");
    }

    /** Inspects {@code certificate} as seen at {@code now}. */
    public static CertificateInfo of(X509Certificate certificate, Instant now) {
        requireNonNull(certificate, "certificate");
        requireNonNull(now, "now");
        Instant notAfter = certificate.getNotAfter().toInstant();
        return new CertificateInfo(describe(certificate), certificate.getSerialNumber().toString(16),
                certificate.getNotBefore().toInstant(), notAfter,
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                Duration.between(now, notAfter).getSeconds());
    }

    /** Whether {@code notAfter} had passed when this was inspected. */
    public boolean expired() {
        return secondsUntilExpiry < 0;
    }

    /** A short name for a certificate in messages: its URI SAN, else its subject, else its SANs. */
    static String describe(X509Certificate certificate) {
        List<String> uris = SubjectAltNames.uris(certificate);
        if (!uris.isEmpty()) {
            return String.join(",", uris);
        }
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (!subject.isEmpty()) {
            return subject;
        }
        List<String> all = SubjectAltNames.all(certificate);
        return all.isEmpty() ? "(no subject, serial " + certificate.getSerialNumber().toString(16) + ")"
                : String.join(",", all);
    }
}
