package dev.sutra.controlplane.ca;

import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A corporate root and a mesh intermediate under it, written as Istio's {@code cacerts} files. */
record PluggedCaFiles(IdentityOptions.PluggedCa files, X509Certificate root, X509Certificate intermediate) {

    static PluggedCaFiles write(Path dir) throws Exception {
        Instant now = Instant.now();
        KeyPair rootKeys = EcdsaKeys.generate();
        X500Name rootName = new X500Name("CN=corp root");
        X509Certificate root = ca(rootName, rootKeys, rootName, rootKeys, now, Duration.ofDays(365), 1);
        KeyPair keys = EcdsaKeys.generate();
        X509Certificate intermediate = ca(rootName, rootKeys, new X500Name("CN=mesh intermediate"), keys, now,
                Duration.ofDays(30), 2);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca-cert.pem"), Pem.encodeCertificate(intermediate));
        Files.writeString(dir.resolve("ca-key.pem"), Pem.encodePrivateKey(keys.getPrivate()));
        Files.writeString(dir.resolve("cert-chain.pem"), Pem.encodeCertificate(root));
        return new PluggedCaFiles(new IdentityOptions.PluggedCa(dir.resolve("ca-cert.pem"), dir.resolve("ca-key.pem"),
                dir.resolve("cert-chain.pem")), root, intermediate);
    }

    private static X509Certificate ca(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair keys, Instant now,
            Duration validity, long serial) throws Exception {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                Date.from(now.minusSeconds(3600)), Date.from(now.plus(validity)), subject,
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}
