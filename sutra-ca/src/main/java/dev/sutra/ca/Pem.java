package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * PEM encoding of certificates, chains and private keys. Keys are written as unencrypted PKCS#8
 * ({@code PRIVATE KEY}); PKCS#8 and the OpenSSL forms ({@code EC PRIVATE KEY}, {@code RSA PRIVATE
 * KEY}) are read. Errors name the source and say what was found instead of what was expected.
 * Write key files with {@link OwnerOnlyFiles}.
 */
public final class Pem {

    private Pem() {
    }

    /** One certificate as a PEM {@code CERTIFICATE} block. */
    public static String encodeCertificate(X509Certificate certificate) {
        return encodeCertificates(List.of(certificate));
    }

    /** Certificates as concatenated PEM blocks, in the given order. */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        requireNonNull(certificates, "certificates");
        return write(certificates);
    }

    /** A private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public static String encodePrivateKey(PrivateKey key) {
        requireNonNull(key, "key");
        try {
            return write(List.of(new JcaPKCS8Generator(key, null).generate()));
        } catch (PemGenerationException e) {
            throw new IllegalArgumentException("private key " + key.getAlgorithm() + " cannot be PKCS#8 encoded", e);
        }
    }

    /** The certificates in {@code pem}, at least one, in order. */
    public static List<X509Certificate> parseCertificates(String source, String pem) throws PemException {
        requireNonNull(source, "source");
        requireNonNull(pem, "pem");
        List<Object> blocks = blocks(source, pem);
        if (blocks.isEmpty()) {
            throw new PemException(source, "no PEM blocks found (expected: one or more CERTIFICATE blocks; "
                    + "convert DER with openssl x509 -inform der)");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof X509CertificateHolder holder)) {
                throw new PemException(source, "block " + (i + 1) + " is " + describe(blocks.get(i))
                        + " (expected: only CERTIFICATE blocks)");
            }
            try {
                certificates.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new PemException(source, "block " + (i + 1) + " is not a valid X.509 certificate: "
                        + e.getMessage(), e);
            }
        }
        return certificates;
    }

    /** The one certificate in {@code pem}. */
    public static X509Certificate parseCertificate(String source, String pem) throws PemException {
        List<X509Certificate> certificates = parseCertificates(source, pem);
        if (certificates.size() != 1) {
            throw new PemException(source, certificates.size() + " certificates (expected: exactly one)");
        }
        return certificates.get(0);
    }

    /** The one private key in {@code pem}. */
    public static PrivateKey parsePrivateKey(String source, String pem) throws PemException {
        requireNonNull(source, "source");
        requireNonNull(pem, "pem");
        List<Object> blocks = blocks(source, pem);
        if (blocks.size() != 1) {
            throw new PemException(source, blocks.size() + " PEM blocks (expected: exactly one PRIVATE KEY, "
                    + "EC PRIVATE KEY or RSA PRIVATE KEY block)");
        }
        Object block = blocks.get(0);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (block instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (block instanceof PEMKeyPair pair) {
                // Only the private part: the public key is optional in SEC1 (RFC 5915) and often absent.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException e) {
            throw new PemException(source, "private key cannot be used: " + e.getMessage(), e);
        }
        throw new PemException(source, "found " + describe(block)
                + " (expected: an unencrypted PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block)");
    }

    /** Reads the certificates of a PEM file, at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return parseCertificates(file.toString(), readString(file));
    }

    /** Reads the one certificate of a PEM file. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        return parseCertificate(file.toString(), readString(file));
    }

    /** Reads the one private key of a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return parsePrivateKey(file.toString(), readString(file));
    }

    static String readString(Path file) throws IOException {
        requireNonNull(file, "file");
        // ISO-8859-1 maps every byte, so text around the blocks (openssl's "Bag Attributes") never fails.
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    private static List<Object> blocks(String source, String pem) throws PemException {
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException e) {
            throw new PemException(source, "malformed PEM after " + blocks.size() + " good block(s): "
                    + e.getMessage(), e);
        }
        return blocks;
    }

    private static String describe(Object block) {
        if (block instanceof X509CertificateHolder) {
            return "a CERTIFICATE";
        }
        if (block instanceof PrivateKeyInfo || block instanceof PEMKeyPair) {
            return "a private key";
        }
        if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
            return "an encrypted private key (not supported: decrypt it first)";
        }
        if (block instanceof PKCS10CertificationRequest) {
            return "a CERTIFICATE REQUEST";
        }
        return "a " + block.getClass().getSimpleName();
    }

    private static String write(List<?> objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            // A StringWriter does not fail; the encoders only fail on objects of the wrong type.
            throw new UncheckedIOException("PEM encoding failed", e);
        }
        return out.toString();
    }
}
