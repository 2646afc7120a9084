package dev.sutra.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * ECDSA P-256 key pairs, the key type of every Sutra workload and root. The private key stays with
 * whoever called {@link #generate()}: a workload sends only a {@link Csr}.
 */
public final class EcdsaKeys {

    // The default SecureRandom (NativePRNG on Linux, reading /dev/urandom) never blocks once the
    // kernel pool is seeded, unlike getInstanceStrong(), which may wait on /dev/random.
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The JCA signature algorithm for P-256 keys. */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private EcdsaKeys() {
    }

    /** A new P-256 key pair. CPU work of about a millisecond; callers keep it off event loops. */
    public static KeyPair generate() {
        try {
            // Generators are not thread-safe; one per call is cheap next to the key generation itself.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's EC provider lacks P-256", e);
        }
    }
}
