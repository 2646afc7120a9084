package dev.sutra.ca;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSRs made directly with BouncyCastle, with whatever a test needs to be wrong, parsed as a CA would. */
public final class TestCsrs {

    private TestCsrs() {
    }

    /** A CSR for {@code key} with the given SANs, signed by {@code signer} (the matching key, or not). */
    public static Csr csr(PublicKey key, PrivateKey signer, String signatureAlgorithm, GeneralName... sans) {
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored by the CA"), key);
            if (sans.length > 0) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(signer)));
            }
            return Csr.fromPem(out.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A properly signed P-256 CSR with the given SANs. */
    public static Csr csr(KeyPair keys, GeneralName... sans) {
        return csr(keys.getPublic(), keys.getPrivate(), "SHA256withECDSA", sans);
    }
}
