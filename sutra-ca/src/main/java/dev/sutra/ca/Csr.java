package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A PKCS#10 certificate signing request. A workload {@link #create creates} one carrying its SPIFFE
 * ID as the only URI SAN (in an extension request) and sends it as {@link #toPem() PEM}; the CA
 * {@link #fromPem parses} it and reads only the public key and the SANs: whatever else the request
 * asks for, the CA decides the certificate's contents.
 */
public final class Csr {

    private final PKCS10CertificationRequest request;
    private final PublicKey publicKey;
    private final List<String> subjectAltNames;

    private Csr(PKCS10CertificationRequest request, PublicKey publicKey, List<String> subjectAltNames) {
        this.request = request;
        this.publicKey = publicKey;
        this.subjectAltNames = subjectAltNames;
    }

    /** A request for {@code identity}, signed with {@code keys}' private key (ECDSA P-256 expected). */
    public static Csr create(KeyPair keys, SpiffeId identity) {
        requireNonNull(keys, "keys");
        requireNonNull(identity, "identity");
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, identity.uri())));
            // The subject stays empty: an SVID's identity is its URI SAN alone (X509-SVID spec, section 2).
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name(new RDN[0]), keys.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(keys)).build(keys.getPrivate()));
            return new Csr(request, keys.getPublic(), List.of("URI:" + identity.uri()));
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the extension request failed", e);
        } catch (OperatorCreationException e) {
            throw new IllegalArgumentException("cannot sign with a " + keys.getPrivate().getAlgorithm() + " key", e);
        }
    }

    /**
     * Parses a PEM {@code CERTIFICATE REQUEST}. Does not verify its signature; see {@link
     * #hasValidSignature()}.
     *
     * @throws PemException when the text is not one well-formed PKCS#10 request
     */
    public static Csr fromPem(String pem) throws PemException {
        requireNonNull(pem, "pem");
        String source = "CSR";
        PemObject block;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            block = reader.readPemObject();
        } catch (IOException e) {
            throw new PemException(source, "malformed PEM: " + e.getMessage(), e);
        }
        if (block == null) {
            throw new PemException(source, "no PEM block found (expected: CERTIFICATE REQUEST)");
        }
        if (!block.getType().equals("CERTIFICATE REQUEST") && !block.getType().equals("NEW CERTIFICATE REQUEST")) {
            throw new PemException(source, "found a " + block.getType() + " block (expected: CERTIFICATE REQUEST)");
        }
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(block.getContent());
            PublicKey publicKey = new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
            return new Csr(request, publicKey, readSubjectAltNames(request));
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports malformed ASN.1 with IllegalArgumentException and friends.
            throw new PemException(source, "not a well-formed PKCS#10 request: " + e.getMessage(), e);
        }
    }

    /** This request as a PEM {@code CERTIFICATE REQUEST} block. */
    public String toPem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        } catch (IOException e) {
            throw new UncheckedIOException("PEM encoding failed", e);
        }
        return out.toString();
    }

    /** The DER encoding. */
    public byte[] encoded() {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException("DER encoding failed", e);
        }
    }

    /** The public key to certify. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * The requested subject alternative names in openssl's style: {@code URI:spiffe://...},
     * {@code DNS:...}, {@code IP:...}, {@code email:...}, {@code other(tag):...}.
     */
    public List<String> subjectAltNames() {
        return subjectAltNames;
    }

    /** Whether the request is signed by the private key of the public key it carries (proof of possession). */
    public boolean hasValidSignature() {
        try {
            return request.isSignatureValid(
                    new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()));
        } catch (OperatorCreationException | PKCSException e) {
            return false;
        }
    }

    private static List<String> readSubjectAltNames(PKCS10CertificationRequest request) throws IOException {
        Attribute[] attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length > 1) {
            throw new IOException(attributes.length + " extension requests (expected: at most one)");
        }
        List<String> names = new ArrayList<>();
        for (Attribute attribute : attributes) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                GeneralNames sans = GeneralNames.fromExtensions(Extensions.getInstance(value),
                        Extension.subjectAlternativeName);
                if (sans != null) {
                    for (GeneralName name : sans.getNames()) {
                        names.add(format(name));
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static String format(GeneralName name) throws UnknownHostException {
        return switch (name.getTagNo()) {
            case GeneralName.uniformResourceIdentifier -> "URI:" + text(name);
            case GeneralName.dNSName -> "DNS:" + text(name);
            case GeneralName.rfc822Name -> "email:" + text(name);
            case GeneralName.iPAddress -> "IP:" + InetAddress.getByAddress(
                    ASN1OctetString.getInstance(name.getName()).getOctets()).getHostAddress();
            default -> "other(" + name.getTagNo() + "):" + name.getName();
        };
    }

    private static String text(GeneralName name) {
        return ASN1IA5String.getInstance(name.getName()).getString();
    }

    private static String signatureAlgorithm(KeyPair keys) {
        return keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : EcdsaKeys.SIGNATURE_ALGORITHM;
    }
}
