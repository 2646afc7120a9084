package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The root certificates a workload trusts, several at once while a root rotates. The first root is
 * the one the CA currently signs under; order carries no other meaning.
 *
 * @param roots at least one CA certificate, without duplicates
 */
public record TrustBundle(List<X509Certificate> roots) {

    public TrustBundle {
        roots = List.copyOf(requireNonNull(roots, "roots"));
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("trust bundle has no roots (expected: at least one)");
        }
        if (new HashSet<>(roots).size() != roots.size()) {
            throw new IllegalArgumentException("trust bundle lists the same root twice");
        }
        for (X509Certificate root : roots) {
            if (root.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("trust bundle root " + CertificateInfo.describe(root)
                        + " is not a CA certificate (basicConstraints CA:false or absent)");
            }
        }
    }

    /** A bundle of the given roots. */
    public static TrustBundle of(X509Certificate... roots) {
        return new TrustBundle(List.of(roots));
    }

    /** Parses a bundle from PEM; {@code source} names where it came from in error messages. */
    public static TrustBundle fromPem(String source, String pem) throws PemException {
        List<X509Certificate> roots = Pem.parseCertificates(source, pem);
        try {
            return new TrustBundle(roots);
        } catch (IllegalArgumentException e) {
            throw new PemException(source, e.getMessage());
        }
    }

    /** Reads a bundle from a PEM file. */
    public static TrustBundle read(Path file) throws IOException {
        return fromPem(file.toString(), Pem.readString(file));
    }

    /** The roots as concatenated PEM {@code CERTIFICATE} blocks. */
    public String toPem() {
        return Pem.encodeCertificates(roots);
    }

    /** The pins of all roots, in bundle order. */
    public List<RootPin> pins() {
        return roots.stream().map(RootPin::of).toList();
    }

    /** The root whose public key has {@code pin}, if this bundle holds one. */
    public Optional<X509Certificate> rootFor(RootPin pin) {
        requireNonNull(pin, "pin");
        return roots.stream().filter(pin::matches).findFirst();
    }

    /**
     * Verifies that {@code chain} (leaf first, then intermediates, optionally ending with the root)
     * leads to one of this bundle's roots and that every certificate in it, the root included, is
     * valid at {@code at}. Signatures, CA constraints and path lengths are checked by the JDK's
     * PKIX validator; revocation is not checked (SVIDs are short-lived instead).
     *
     * @return the root the chain leads to
     * @throws CertificateException saying why the chain is not trusted
     */
    public X509Certificate verify(List<X509Certificate> chain, Instant at) throws CertificateException {
        requireNonNull(chain, "chain");
        requireNonNull(at, "at");
        return PathValidation.validate(roots, chain, at);
    }
}
