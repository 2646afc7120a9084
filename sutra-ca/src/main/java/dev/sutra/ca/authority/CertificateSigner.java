package dev.sutra.ca.authority;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds and signs the two kinds of certificate the CA makes: self-signed roots and leaves. */
final class CertificateSigner {

    /** The most a leaf's notBefore is set back, for peers whose clocks run behind. */
    static final Duration MAX_BACKDATE = Duration.ofSeconds(60);

    private final SecureRandom random;

    CertificateSigner(SecureRandom random) {
        this.random = random;
    }

    /**
     * A self-signed root: basicConstraints CA:true and keyUsage keyCertSign, cRLSign, both critical
     * (RFC 5280, sections 4.2.1.9 and 4.2.1.3), with subject and authority key identifiers.
     */
    X509Certificate root(KeyPair keys, X500Name subject, Instant now, Duration validity) {
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        Instant notBefore = seconds(now.minus(MAX_BACKDATE));
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, serial(), Date.from(notBefore),
                Date.from(seconds(now.plus(validity))), subject, key);
        try {
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(key));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("building root certificate extensions failed", e);
        }
        return sign(builder, keys.getPrivate());
    }

    /**
     * A leaf for {@code key} with the given SANs and extended key usages: CA:false and keyUsage
     * digitalSignature, both critical. The subject is empty, so the SAN extension is critical
     * (RFC 5280, section 4.2.1.6). Valid from a little before {@code now} to {@code now + ttl},
     * never beyond the end of the issuer's chain.
     */
    X509Certificate leaf(Issuer issuer, PublicKey key, GeneralNames names, KeyPurposeId[] purposes, Instant now,
            Duration ttl) {
        Instant notAfter = min(seconds(now.plus(ttl)), issuer.notAfterLimit());
        if (!notAfter.isAfter(now)) {
            throw new IllegalStateException("CA certificate chain of " + issuer.certificate().getSubjectX500Principal()
                    + " ends at " + issuer.notAfterLimit() + "; rotate the CA (now " + now + ")");
        }
        // Backdating covers peers whose clocks run behind; a quarter of the TTL at most, so a
        // 30-second certificate's midpoint (where renewal starts) still lies in the future.
        Duration backdate = min(MAX_BACKDATE, ttl.dividedBy(4));
        Instant notBefore = max(seconds(now.minus(backdate)), issuer.certificate().getNotBefore().toInstant());
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Name(new RDN[0]), info);
        try {
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectAlternativeName, true, names)
                    .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(info))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(issuer.certificate(), ids));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("building leaf certificate extensions failed", e);
        }
        return sign(builder, issuer.key());
    }

    /**
     * A random positive serial of exactly 128 bits: 127 random bits under a set top bit, so every
     * serial has the same length and none is zero (RFC 5280, section 4.1.2.2: at most 20 octets).
     */
    BigInteger serial() {
        return new BigInteger(127, random).setBit(127);
    }

    // The AKI must equal the issuer's SKI byte for byte, however the issuer computed it.
    private static AuthorityKeyIdentifier authorityKeyId(X509Certificate issuer, JcaX509ExtensionUtils ids)
            throws IOException {
        byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return ids.createAuthorityKeyIdentifier(
                    SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()));
        }
        SubjectKeyIdentifier ski =
                SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension));
        return new AuthorityKeyIdentifier(ski.getKeyIdentifier());
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            // A ContentSigner is single-use state; one per certificate keeps signing thread-safe.
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(KeyPolicy.signatureAlgorithm(key)).setSecureRandom(random).build(key)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("signing a certificate with the CA key failed", e);
        }
    }

    // X.509 times have whole seconds; truncating here keeps notAfter from rounding past a limit.
    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    private static <T extends Comparable<? super T>> T min(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static <T extends Comparable<? super T>> T max(T a, T b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
