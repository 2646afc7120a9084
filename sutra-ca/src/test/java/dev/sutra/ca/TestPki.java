package dev.sutra.ca;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made directly with BouncyCastle, independent of the CA under test: foreign CAs,
 * intermediates, and leaves with whatever a test needs to be wrong.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(1000);

    /** A CA certificate and its keys. */
    public record Ca(X509Certificate certificate, KeyPair keys) {
    }

    private TestPki() {
    }

    /** A self-signed root named {@code CN=<cn>} valid over the given period. */
    public static Ca root(String cn, Instant notBefore, Instant notAfter) {
        KeyPair keys = EcdsaKeys.generate();
        X500Name name = new X500Name("CN=" + cn);
        return new Ca(build(name, keys, name, keys.getPublic(), notBefore, notAfter, true, List.of()), keys);
    }

    /** An intermediate CA under {@code issuer}. */
    public static Ca intermediate(Ca issuer, String cn, Instant notBefore, Instant notAfter) {
        KeyPair keys = EcdsaKeys.generate();
        return new Ca(build(subject(issuer), issuer.keys(), new X500Name("CN=" + cn), keys.getPublic(), notBefore,
                notAfter, true, List.of()), keys);
    }

    /** A leaf (CA:false, serverAuth + clientAuth) under {@code issuer} with the given SANs. */
    public static X509Certificate leaf(Ca issuer, PublicKey key, List<GeneralName> sans, Instant notBefore,
            Instant notAfter) {
        return build(subject(issuer), issuer.keys(), new X500Name("CN=test leaf"), key, notBefore, notAfter, false,
                sans);
    }

    /** A URI SAN. */
    public static GeneralName uri(String uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    }

    private static X500Name subject(Ca ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X509Certificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, PublicKey key,
            Instant notBefore, Instant notAfter, boolean ca, List<GeneralName> sans) {
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    SubjectPublicKeyInfo.getInstance(key.getEncoded()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
