package dev.sutra.ca;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * Chain validation with messages an operator can act on. The checks that fail most often (unknown
 * issuer, expiry) run first with their own messages; the JDK's PKIX validator then does the full
 * RFC 5280 job.
 */
final class PathValidation {

    private PathValidation() {
    }

    static X509Certificate validate(List<X509Certificate> roots, List<X509Certificate> chain, Instant at)
            throws CertificateException {
        if (chain.isEmpty()) {
            throw new CertificateException("empty certificate chain");
        }
        String who = CertificateInfo.describe(chain.get(0));
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate last = path.get(path.size() - 1);
        X509Certificate anchor;
        if (path.size() > 1 && roots.contains(last)) {
            // The peer sent the root too (allowed by RFC 8446, section 4.4.2); it anchors, it is not checked as a link.
            anchor = path.remove(path.size() - 1);
        } else {
            anchor = issuerAmong(roots, last).orElseThrow(() -> unknownIssuer(roots, last, who));
        }
        for (X509Certificate certificate : path) {
            checkDates(certificate, "certificate " + CertificateInfo.describe(certificate), at);
        }
        checkDates(anchor, "trusted root " + CertificateInfo.describe(anchor), at);
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            String where = e.getIndex() >= 0 && e.getIndex() < path.size()
                    ? " at " + CertificateInfo.describe(path.get(e.getIndex())) : "";
            throw new CertificateException("certificate chain of " + who + " is invalid" + where + ": "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate chain of " + who + " could not be validated: "
                    + e.getMessage(), e);
        }
        return anchor;
    }

    private static Optional<X509Certificate> issuerAmong(List<X509Certificate> roots, X509Certificate certificate) {
        for (X509Certificate root : roots) {
            if (root.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    && signedBy(certificate, root)) {
                return Optional.of(root);
            }
        }
        return Optional.empty();
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static CertificateException unknownIssuer(List<X509Certificate> roots, X509Certificate last,
            String who) {
        String issuer = last.getIssuerX500Principal().getName(X500Principal.RFC2253);
        boolean sameName = roots.stream()
                .anyMatch(root -> root.getSubjectX500Principal().equals(last.getIssuerX500Principal()));
        String trusted = roots.stream()
                .map(root -> "'" + root.getSubjectX500Principal().getName(X500Principal.RFC2253) + "'")
                .collect(Collectors.joining(", "));
        return new CertificateException("unknown issuer: chain of " + who + " leads to '" + issuer + "', "
                + (sameName ? "which has the name of a trusted root but not its key (a foreign CA?)"
                        : "which is not a root in the trust bundle (a foreign CA?)")
                + "; trusted roots: " + trusted);
    }

    private static void checkDates(X509Certificate certificate, String what, Instant at)
            throws CertificateException {
        if (at.isAfter(certificate.getNotAfter().toInstant())) {
            throw new CertificateException(what + " expired at " + certificate.getNotAfter().toInstant()
                    + " (now " + at + ")");
        }
        if (at.isBefore(certificate.getNotBefore().toInstant())) {
            throw new CertificateException(what + " is not valid until " + certificate.getNotBefore().toInstant()
                    + " (now " + at + ")");
        }
    }
}
