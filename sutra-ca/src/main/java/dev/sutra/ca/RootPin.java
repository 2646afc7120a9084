package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The pin of a root certificate: the SHA-256 of its DER SubjectPublicKeyInfo, written
 * {@code sha256:<64 hex digits>}, the form of kubeadm's {@code --discovery-token-ca-cert-hash}.
 * Pinning the key rather than the certificate lets a root be re-issued with the same key.
 *
 * @param value {@code sha256:} and 64 lower-case hex digits
 */
public record RootPin(String value) {

    private static final String PREFIX = "sha256:";
    private static final int HEX_DIGITS = 64;

    public RootPin {
        requireNonNull(value, "value");
        String hex = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : "";
        boolean lowerHex = hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (hex.length() != HEX_DIGITS || !lowerHex) {
            throw new IllegalArgumentException("root pin \"" + value + "\" (expected: sha256:<"
                    + HEX_DIGITS + " lower-case hex digits>)");
        }
    }

    /** Parses a pin, accepting upper-case hex digits as kubeadm does. */
    public static RootPin parse(String pin) {
        requireNonNull(pin, "pin");
        return new RootPin(pin.toLowerCase(Locale.ROOT));
    }

    /** The pin of {@code certificate}'s public key. */
    public static RootPin of(X509Certificate certificate) {
        requireNonNull(certificate, "certificate");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return new RootPin(PREFIX + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether {@code certificate}'s public key has this pin. */
    public boolean matches(X509Certificate certificate) {
        return of(certificate).equals(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
