package dev.sutra.ca.authority;

import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.Pem;
import dev.sutra.ca.TrustBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An intermediate CA plugged in from files, as Istio's {@code cacerts} secret: the CA certificate,
 * its key, and the chain above it up to a root. It never rotates by itself; the operator replaces
 * the files and restarts.
 */
final class PluggedIntermediate implements IssuerSource {

    private static final Logger log = LoggerFactory.getLogger(PluggedIntermediate.class);

    private final Issuer issuer;

    private PluggedIntermediate(Issuer issuer) {
        this.issuer = issuer;
    }

    /**
     * Loads and checks the files: the key matches the certificate, the certificate is a CA allowed
     * to sign certificates, and the chain validates up to a self-signed root at {@code now}.
     *
     * @param caChain the certificates above {@code caCert}, ending with the root; may start with
     *     {@code caCert} itself; may be {@code caCert} alone when that is a root
     */
    static PluggedIntermediate load(Path caCert, Path caKey, Path caChain, Instant now, SecureRandom random)
            throws IOException {
        X509Certificate certificate = Pem.readCertificate(caCert);
        PrivateKey key = Pem.readPrivateKey(caKey);
        List<X509Certificate> above = new ArrayList<>(Pem.readCertificates(caChain));
        if (above.get(0).equals(certificate)) {
            above.remove(0);
        }
        if (!KeyPolicy.matches(key, certificate.getPublicKey(), random)) {
            throw new CaLoadException(caKey + ": does not match the public key of " + caCert + " ("
                    + describe(certificate) + ")");
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new CaLoadException(caCert + ": " + describe(certificate)
                    + " is not a CA certificate (basicConstraints CA:false or absent)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[5]) {
            throw new CaLoadException(caCert + ": " + describe(certificate)
                    + " may not sign certificates (keyUsage lacks keyCertSign)");
        }
        if (above.isEmpty()) {
            if (!isSelfSigned(certificate)) {
                throw new CaLoadException(caChain + ": holds only " + caCert
                        + " (expected: the certificates above it, ending with the root)");
            }
            // A root plugged in as the CA: it signs for itself.
            log.info("Loaded plugged-in root CA {} (valid until {})", describe(certificate),
                    certificate.getNotAfter().toInstant());
            return new PluggedIntermediate(Issuer.root(certificate, key, TrustBundle.of(certificate)));
        }
        X509Certificate root = above.remove(above.size() - 1);
        if (!isSelfSigned(root)) {
            throw new CaLoadException(caChain + ": the last certificate, " + describe(root)
                    + ", is not a self-signed root (expected: the chain to end with the root)");
        }
        List<X509Certificate> path = new ArrayList<>();
        path.add(certificate);
        path.addAll(above);
        TrustBundle bundle = TrustBundle.of(root);
        try {
            bundle.verify(path, now);
        } catch (CertificateException e) {
            throw new CaLoadException(caChain + ": the chain from " + caCert + " does not validate up to root "
                    + describe(root) + ": " + e.getMessage(), e);
        }
        log.info("Loaded plugged-in CA {} (valid until {}) under root {}", describe(certificate),
                certificate.getNotAfter().toInstant(), describe(root));
        return new PluggedIntermediate(new Issuer(certificate, key, path, root, bundle));
    }

    @Override
    public Issuer issuer() {
        return issuer;
    }

    @Override
    public RotationStage stage() {
        return RotationStage.STEADY;
    }

    private static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String describe(X509Certificate certificate) {
        return "'" + CertificateInfo.of(certificate, Instant.EPOCH).identity() + "'";
    }
}
