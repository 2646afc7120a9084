package dev.sutra.ca.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.Pem;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import dev.sutra.ca.TestCsrs;
import dev.sutra.ca.TestPki;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path state;

    private final TestClock clock = TestClock.startingNow();
    private final SpiffeId alice = SpiffeId.of("ns-a", "alice");
    private final KeyPair keys = EcdsaKeys.generate();
    private CertificateAuthority ca;

    @BeforeEach
    void createCa() throws Exception {
        ca = CertificateAuthority.builder().selfSigned(state).clock(clock).build();
    }

    @Test
    void issuesAnX509SvidWithExactlyTheFieldsTheSpecAsksFor() throws Exception {
        IssuedCertificate issued = ca.sign(Csr.create(keys, alice), alice, Duration.ofSeconds(30));
        X509Certificate leaf = issued.leaf();
        X509CertificateHolder parsed = new X509CertificateHolder(leaf.getEncoded());
        X509Certificate root = ca.signingRoot();

        // Exactly one SAN, the SPIFFE ID as URI; empty subject, hence a critical SAN extension.
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, alice.uri()));
        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
        // CA:false, keyUsage digitalSignature only; both critical. EKU serverAuth + clientAuth.
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(Extension.basicConstraints.getId(),
                Extension.keyUsage.getId(), Extension.subjectAlternativeName.getId());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        // Serial: positive, 128 bits.
        assertThat(leaf.getSerialNumber().signum()).isEqualTo(1);
        assertThat(leaf.getSerialNumber().bitLength()).isEqualTo(128);
        // Valid for the TTL from now, backdated a little (at most a quarter of the TTL) for skew.
        Instant now = clock.instant();
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(now.plusSeconds(30));
        assertThat(leaf.getNotBefore().toInstant()).isBefore(now).isAfterOrEqualTo(now.minusSeconds(8));
        // Issued by the root, for the CSR's key, with key identifiers linking the two.
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        leaf.verify(root.getPublicKey());
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        byte[] rootSki = SubjectKeyIdentifier.fromExtensions(new X509CertificateHolder(root.getEncoded()).getExtensions())
                .getKeyIdentifier();
        assertThat(AuthorityKeyIdentifier.fromExtensions(parsed.getExtensions()).getKeyIdentifierObject().getOctets())
                .isEqualTo(rootSki);
        assertThat(SubjectKeyIdentifier.fromExtensions(parsed.getExtensions())).isNotNull();
        // The chain stops before the root; the root is in the trust bundle.
        assertThat(issued.chain()).containsExactly(leaf);
        assertThat(ca.trustBundle().verify(issued.chain(), now)).isEqualTo(root);
    }

    @Test
    void defaultTtlIsADayBackdatedAMinute() throws Exception {
        X509Certificate leaf = ca.sign(Csr.create(keys, alice), alice).leaf();

        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(clock.instant().minusSeconds(60));
    }

    @Test
    void serialsAreRandom() throws Exception {
        BigInteger first = ca.sign(Csr.create(keys, alice), alice).leaf().getSerialNumber();
        BigInteger second = ca.sign(Csr.create(keys, alice), alice).leaf().getSerialNumber();

        assertThat(first).isNotEqualTo(second);
        assertThat(second.bitLength()).isEqualTo(128);
    }

    @Test
    void takesNothingButKeyAndIdentityFromTheCsr() throws Exception {
        Csr csr = TestCsrs.csr(keys, TestPki.uri(alice.uri()));

        X509Certificate leaf = ca.sign(csr, alice).leaf();

        assertThat(leaf.getSubjectX500Principal().getName()).doesNotContain("ignored");
    }

    @Test
    void neverIssuesBeyondTheEndOfTheRoot() throws Exception {
        CertificateAuthority shortLived = CertificateAuthority.builder().selfSigned(state.resolve("short"))
                .rootValidity(Duration.ofDays(1)).clock(clock).build();

        X509Certificate leaf = shortLived.sign(Csr.create(keys, alice), alice, Duration.ofDays(2)).leaf();

        assertThat(leaf.getNotAfter()).isEqualTo(shortLived.signingRoot().getNotAfter());
        clock.advance(Duration.ofDays(2));
        assertThatThrownBy(() -> shortLived.sign(Csr.create(keys, alice), alice))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ends at " + shortLived.signingRoot().getNotAfter().toInstant())
                .hasMessageContaining("rotate the CA");
    }

    @Test
    void refusesACsrForAnotherIdentity() {
        SpiffeId bob = SpiffeId.of("ns-b", "bob");

        assertThatThrownBy(() -> ca.sign(Csr.create(keys, bob), alice))
                .isInstanceOf(SigningRefusedException.class)
                .hasMessage("CSR requests URI:spiffe://cluster.local/ns/ns-b/sa/bob but the credential allows only "
                        + "spiffe://cluster.local/ns/ns-a/sa/alice")
                .extracting(e -> ((SigningRefusedException) e).reason())
                .isEqualTo(SigningRefusedException.Reason.IDENTITY_NOT_ALLOWED);
    }

    @Test
    void refusesACsrAskingForMoreOrLessThanTheIdentity() {
        Csr extraDns = TestCsrs.csr(keys, TestPki.uri(alice.uri()), new GeneralName(GeneralName.dNSName, "evil.com"));
        Csr noSan = TestCsrs.csr(keys);

        assertThatThrownBy(() -> ca.sign(extraDns, alice))
                .hasMessage("CSR requests URI:spiffe://cluster.local/ns/ns-a/sa/alice, DNS:evil.com but the credential "
                        + "allows only spiffe://cluster.local/ns/ns-a/sa/alice");
        assertThatThrownBy(() -> ca.sign(noSan, alice))
                .hasMessage("CSR requests no subject alternative name but the credential allows only "
                        + "spiffe://cluster.local/ns/ns-a/sa/alice");
    }

    @Test
    void refusesACsrNotSignedByTheKeyItCarries() {
        Csr forged = TestCsrs.csr(keys.getPublic(), EcdsaKeys.generate().getPrivate(), "SHA256withECDSA",
                TestPki.uri(alice.uri()));

        assertThatThrownBy(() -> ca.sign(forged, alice))
                .isInstanceOf(SigningRefusedException.class)
                .hasMessage("CSR (requesting URI:spiffe://cluster.local/ns/ns-a/sa/alice) is not signed by the key "
                        + "it carries")
                .extracting(e -> ((SigningRefusedException) e).reason())
                .isEqualTo(SigningRefusedException.Reason.BAD_SIGNATURE);
    }

    @Test
    void certifiesOnlyStrongKeys() throws Exception {
        KeyPair rsa1024 = generate("RSA", 1024);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPair p521 = ec.generateKeyPair();
        KeyPair rsa2048 = generate("RSA", 2048);

        assertThatThrownBy(() -> ca.sign(TestCsrs.csr(rsa1024.getPublic(), rsa1024.getPrivate(), "SHA256withRSA",
                TestPki.uri(alice.uri())), alice))
                .hasMessage("CSR for spiffe://cluster.local/ns/ns-a/sa/alice carries an unsupported RSA key of 1024 "
                        + "bits (expected: at least 2048)")
                .extracting(e -> ((SigningRefusedException) e).reason())
                .isEqualTo(SigningRefusedException.Reason.UNSUPPORTED_KEY);
        assertThatThrownBy(() -> ca.sign(TestCsrs.csr(p521.getPublic(), p521.getPrivate(), "SHA512withECDSA",
                TestPki.uri(alice.uri())), alice))
                .hasMessageContaining("unsupported EC key on curve 1.3.132.0.35 (expected: P-256 or P-384)");
        assertThat(ca.sign(TestCsrs.csr(rsa2048.getPublic(), rsa2048.getPrivate(), "SHA256withRSA",
                TestPki.uri(alice.uri())), alice).leaf().getPublicKey()).isEqualTo(rsa2048.getPublic());
    }

    @Test
    void rejectsTtlsUnderASecondAndIdentitiesOfAnotherTrustDomain() {
        Csr csr = Csr.create(keys, alice);
        SpiffeId foreign = new SpiffeId("example.org", "ns-a", "alice");

        assertThatThrownBy(() -> ca.sign(csr, alice, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl: PT0.5S (expected: at least 1 second)");
        assertThatThrownBy(() -> ca.sign(Csr.create(keys, foreign), foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowedIdentity: spiffe://example.org/ns/ns-a/sa/alice (expected: trust domain cluster.local)");
    }

    @Test
    void issuesServingCertificatesForTheGivenNamesAndServerAuthOnly() throws Exception {
        ServingNames names = ServingNames.of(List.of("localhost", "sutra.example.com"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")))
                .withSpiffeId(SpiffeId.of("sutra-system", "sutra"));

        IssuedCertificate issued = ca.issueServing(keys.getPublic(), names, Duration.ofHours(1));
        X509Certificate leaf = issued.leaf();

        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"),
                List.of(2, "sutra.example.com"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
                List.of(6, "spiffe://cluster.local/ns/sutra-system/sa/sutra"));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).isTrue();
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(ca.trustBundle().verify(issued.chain(), clock.instant())).isEqualTo(ca.signingRoot());
    }

    @Test
    void servingNamesRejectNothingToServeAndBadHostNames() {
        assertThatThrownBy(() -> ServingNames.of(List.of(), List.of()))
                .hasMessage("serving certificate has no names (expected: a DNS name, an IP address or a SPIFFE ID)");
        assertThatThrownBy(() -> ServingNames.of(List.of("bad host"), List.of()))
                .hasMessageStartingWith("dnsNames: \"bad host\" (expected: a host name");
        assertThat(ServingNames.of(List.of("*.example.com"), List.of()).dnsNames()).containsExactly("*.example.com");
    }

    @Test
    void issuedChainIsPemLeafFirst() throws Exception {
        IssuedCertificate issued = ca.sign(Csr.create(keys, alice), alice);

        assertThat(Pem.parseCertificates("chain", issued.toPem())).containsExactlyElementsOf(issued.chain());
    }

    private static KeyPair generate(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
