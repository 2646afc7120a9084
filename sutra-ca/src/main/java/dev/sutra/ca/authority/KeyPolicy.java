package dev.sutra.ca.authority;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Which keys the CA certifies, which algorithm it signs with, and whether a key pair belongs together. */
final class KeyPolicy {

    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1);
    // NIST SP 800-57: RSA below 2048 bits is no longer acceptable.
    private static final int MIN_RSA_BITS = 2048;

    private KeyPolicy() {
    }

    /** Why the CA will not certify {@code key}, if it will not: only EC P-256/P-384 and RSA of 2048+ bits. */
    static Optional<String> problemWith(PublicKey key) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
            ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
            if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                boolean named = info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve
                        && CURVES.contains(curve);
                return named ? Optional.empty()
                        : Optional.of("EC key on curve " + info.getAlgorithm().getParameters()
                                + " (expected: P-256 or P-384)");
            }
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                int bits = RSAPublicKey.getInstance(info.parsePublicKey())
                        .getModulus().bitLength();
                return bits >= MIN_RSA_BITS ? Optional.empty()
                        : Optional.of("RSA key of " + bits + " bits (expected: at least " + MIN_RSA_BITS + ")");
            }
            return Optional.of(key.getAlgorithm() + " key (expected: EC P-256, EC P-384 or RSA)");
        } catch (IOException | RuntimeException e) {
            return Optional.of("unreadable public key: " + e.getMessage());
        }
    }

    /** The JCA signature algorithm for a CA key, matching its strength. */
    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if (key.getAlgorithm().equals("RSA")) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException(key.getAlgorithm() + " CA key (expected: EC or RSA)");
    }

    /** Whether {@code key} is the private half of {@code publicKey}: what one signs, the other verifies. */
    static boolean matches(PrivateKey key, PublicKey publicKey, SecureRandom random) {
        try {
            byte[] challenge = new byte[32];
            random.nextBytes(challenge);
            Signature signer = Signature.getInstance(signatureAlgorithm(key));
            signer.initSign(key, random);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm(key));
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
