package dev.sutra.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path dir;

    private final Instant now = Instant.now();
    private final TestPki.Ca root = TestPki.root("pem root", now, now.plusSeconds(3600));

    @Test
    void roundTripsAChainInOrder() throws Exception {
        TestPki.Ca intermediate = TestPki.intermediate(root, "pem intermediate", now, now.plusSeconds(3600));
        List<X509Certificate> chain = List.of(intermediate.certificate(), root.certificate());
        Path file = write("chain.pem", Pem.encodeCertificates(chain));

        assertThat(Pem.readCertificates(file)).containsExactlyElementsOf(chain);
    }

    @Test
    void writesPkcs8AndReadsItBack() throws Exception {
        KeyPair keys = EcdsaKeys.generate();
        String pem = Pem.encodePrivateKey(keys.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.readPrivateKey(write("key.pem", pem)).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    // `openssl ecparam -name prime256v1 -genkey -noout` and its `openssl ec -pubout`.
    private static final String OPENSSL_EC_KEY = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEILqoddA5aQfRLCSXFybXvKjhDvhyC92VX1R0UIoXiNB1oAoGCCqGSM49
            AwEHoUQDQgAER8h9XKRCo4VMzymeEaciFTEe5i/6PnxDLVgFDwcnXq2KpWxLrRvj
            W582EXFVdbxA09h2ha6KUyv4xLBrWGozmQ==
            -----END EC PRIVATE KEY-----
            """;
    private static final String OPENSSL_EC_PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAER8h9XKRCo4VMzymeEaciFTEe5i/6"
            + "PnxDLVgFDwcnXq2KpWxLrRvjW582EXFVdbxA09h2ha6KUyv4xLBrWGozmQ==";

    @Test
    void readsOpenSslTraditionalEcKeys() throws Exception {
        PrivateKey key = Pem.parsePrivateKey("ca-key.pem", OPENSSL_EC_KEY);
        PublicKey publicKey = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(OPENSSL_EC_PUBLIC_KEY)));

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {42});
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {42});
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void errorsNameTheFileAndWhatWasFoundInstead() throws Exception {
        Path empty = write("empty.pem", "");
        Path keyInCertFile = write("cert.pem", Pem.encodeCertificate(root.certificate())
                + Pem.encodePrivateKey(root.keys().getPrivate()));
        Path certInKeyFile = write("key.pem", Pem.encodeCertificate(root.certificate()));
        Path twoCerts = write("ca-cert.pem", Pem.encodeCertificates(List.of(root.certificate(), root.certificate())));
        Path broken = write("broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> Pem.readCertificates(empty))
                .isInstanceOf(PemException.class)
                .hasMessageStartingWith(empty + ": no PEM blocks found (expected: one or more CERTIFICATE blocks");
        assertThatThrownBy(() -> Pem.readCertificates(keyInCertFile))
                .hasMessage(keyInCertFile + ": block 2 is a private key (expected: only CERTIFICATE blocks)");
        assertThatThrownBy(() -> Pem.readPrivateKey(certInKeyFile))
                .hasMessage(certInKeyFile + ": found a CERTIFICATE (expected: an unencrypted PRIVATE KEY, "
                        + "EC PRIVATE KEY or RSA PRIVATE KEY block)");
        assertThatThrownBy(() -> Pem.readCertificate(twoCerts))
                .hasMessage(twoCerts + ": 2 certificates (expected: exactly one)");
        assertThatThrownBy(() -> Pem.readCertificates(broken))
                .hasMessageStartingWith(broken + ": malformed PEM after 0 good block(s)");
        assertThatThrownBy(() -> Pem.readCertificates(dir.resolve("missing.pem")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("missing.pem");
    }

    @Test
    void ignoresTextAroundBlocks() throws Exception {
        String withAttributes = "Bag Attributes\n    friendlyName: root\n" + Pem.encodeCertificate(root.certificate());

        assertThat(Pem.parseCertificate("p12 export", withAttributes)).isEqualTo(root.certificate());
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
