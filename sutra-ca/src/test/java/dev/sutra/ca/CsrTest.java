package dev.sutra.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class CsrTest {

    private final KeyPair keys = EcdsaKeys.generate();
    private final SpiffeId id = SpiffeId.of("bookinfo", "reviews");

    @Test
    void generatedKeysAreEcdsaP256() {
        assertThat(keys.getPublic()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) keys.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(keys.getPublic().getEncoded()).isNotEqualTo(EcdsaKeys.generate().getPublic().getEncoded());
    }

    @Test
    void carriesTheSpiffeIdAsTheOnlySanThroughPem() throws Exception {
        Csr sent = Csr.create(keys, id);
        Csr received = Csr.fromPem(sent.toPem());

        assertThat(sent.toPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(received.subjectAltNames()).containsExactly("URI:spiffe://cluster.local/ns/bookinfo/sa/reviews");
        assertThat(received.publicKey()).isEqualTo(keys.getPublic());
        assertThat(received.hasValidSignature()).isTrue();
        assertThat(received.encoded()).isEqualTo(sent.encoded());
        // The private key is not in the request in any form.
        assertThat(new String(received.encoded(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(keys.getPrivate().getEncoded(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void detectsARequestNotSignedByItsOwnKey() {
        KeyPair other = EcdsaKeys.generate();
        Csr forged = TestCsrs.csr(keys.getPublic(), other.getPrivate(), "SHA256withECDSA",
                TestPki.uri(id.uri()));

        assertThat(forged.hasValidSignature()).isFalse();
    }

    @Test
    void listsEveryRequestedSanKind() throws Exception {
        Csr csr = TestCsrs.csr(keys, TestPki.uri(id.uri()), new GeneralName(GeneralName.dNSName, "reviews"),
                new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 1})),
                new GeneralName(GeneralName.rfc822Name, "ops@example.org"));

        assertThat(csr.subjectAltNames()).containsExactly("URI:" + id.uri(), "DNS:reviews", "IP:10.0.0.1",
                "email:ops@example.org");
    }

    @Test
    void fromPemSaysWhatItFoundInstead() {
        String certificate = Pem.encodeCertificate(
                TestPki.root("r", java.time.Instant.now(), java.time.Instant.now().plusSeconds(9)).certificate());

        assertThatThrownBy(() -> Csr.fromPem(certificate))
                .isInstanceOf(PemException.class)
                .hasMessage("CSR: found a CERTIFICATE block (expected: CERTIFICATE REQUEST)");
        assertThatThrownBy(() -> Csr.fromPem("hello"))
                .hasMessage("CSR: no PEM block found (expected: CERTIFICATE REQUEST)");
        assertThatThrownBy(() -> Csr.fromPem("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
                .hasMessageStartingWith("CSR: not a well-formed PKCS#10 request");
    }
}
