package dev.sutra.ca.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.Pem;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import dev.sutra.ca.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluggedIntermediateTest {

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.startingNow();
    private final Instant now = clock.instant();
    private final SpiffeId alice = SpiffeId.of("ns-a", "alice");
    private final TestPki.Ca root = TestPki.root("corp root", now.minusSeconds(3600), now.plus(Duration.ofDays(365)));
    private final TestPki.Ca intermediate = TestPki.intermediate(root, "mesh intermediate", now.minusSeconds(3600),
            now.plus(Duration.ofDays(30)));

    @Test
    void signsUnderTheIntermediateAndTrustsTheRootOfItsChain() throws Exception {
        CertificateAuthority ca = plug(intermediate.certificate(), intermediate.keys().getPrivate(),
                List.of(root.certificate()));

        IssuedCertificate issued = ca.sign(Csr.create(EcdsaKeys.generate(), alice), alice);

        assertThat(issued.chain()).containsExactly(issued.leaf(), intermediate.certificate());
        assertThat(ca.trustBundle().roots()).containsExactly(root.certificate());
        assertThat(ca.signingRoot()).isEqualTo(root.certificate());
        assertThat(ca.signingCertificate()).isEqualTo(intermediate.certificate());
        issued.leaf().verify(intermediate.keys().getPublic());
        assertThat(ca.trustBundle().verify(issued.chain(), now)).isEqualTo(root.certificate());
    }

    @Test
    void presentsEveryIntermediateUpToTheRoot() throws Exception {
        TestPki.Ca issuing = TestPki.intermediate(intermediate, "issuing", now.minusSeconds(60), now.plus(Duration.ofDays(7)));
        // Istio's cert-chain.pem starts with ca-cert.pem itself; that is accepted too.
        CertificateAuthority ca = plug(issuing.certificate(), issuing.keys().getPrivate(),
                List.of(issuing.certificate(), intermediate.certificate(), root.certificate()));

        IssuedCertificate issued = ca.sign(Csr.create(EcdsaKeys.generate(), alice), alice);

        assertThat(issued.chain()).containsExactly(issued.leaf(), issuing.certificate(), intermediate.certificate());
        assertThat(ca.trustBundle().verify(issued.chain(), now)).isEqualTo(root.certificate());
    }

    @Test
    void certificatesEndNoLaterThanTheIntermediate() throws Exception {
        TestPki.Ca ending = TestPki.intermediate(root, "ending", now.minusSeconds(60), now.plus(Duration.ofHours(2)));
        CertificateAuthority ca = plug(ending.certificate(), ending.keys().getPrivate(), List.of(root.certificate()));

        X509Certificate leaf = ca.sign(Csr.create(EcdsaKeys.generate(), alice), alice).leaf();

        assertThat(leaf.getNotAfter()).isEqualTo(ending.certificate().getNotAfter());
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        assertThatThrownBy(() -> plug(intermediate.certificate(), root.keys().getPrivate(), List.of(root.certificate())))
                .isInstanceOf(CaLoadException.class)
                .hasMessage(dir.resolve("ca-key.pem") + ": does not match the public key of " + dir.resolve("ca-cert.pem")
                        + " ('CN=mesh intermediate')");
    }

    @Test
    void refusesACertificateThatIsNotACa() throws Exception {
        var keys = EcdsaKeys.generate();
        X509Certificate leaf = TestPki.leaf(intermediate, keys.getPublic(), List.of(TestPki.uri(alice.uri())),
                now.minusSeconds(60), now.plusSeconds(3600));

        assertThatThrownBy(() -> plug(leaf, keys.getPrivate(), List.of(intermediate.certificate(), root.certificate())))
                .isInstanceOf(CaLoadException.class)
                .hasMessage(dir.resolve("ca-cert.pem") + ": 'spiffe://cluster.local/ns/ns-a/sa/alice' is not a CA "
                        + "certificate (basicConstraints CA:false or absent)");
    }

    @Test
    void refusesAChainThatLeadsElsewhere() throws Exception {
        TestPki.Ca otherRoot = TestPki.root("other root", now.minusSeconds(60), now.plus(Duration.ofDays(1)));

        assertThatThrownBy(() -> plug(intermediate.certificate(), intermediate.keys().getPrivate(),
                List.of(otherRoot.certificate())))
                .isInstanceOf(CaLoadException.class)
                .hasMessageStartingWith(dir.resolve("cert-chain.pem") + ": the chain from " + dir.resolve("ca-cert.pem")
                        + " does not validate up to root 'CN=other root': unknown issuer");
        assertThatThrownBy(() -> plug(intermediate.certificate(), intermediate.keys().getPrivate(),
                List.of(intermediate.certificate())))
                .hasMessage(dir.resolve("cert-chain.pem") + ": holds only " + dir.resolve("ca-cert.pem")
                        + " (expected: the certificates above it, ending with the root)");
    }

    @Test
    void refusesAChainThatDoesNotEndWithARoot() throws Exception {
        TestPki.Ca issuing = TestPki.intermediate(intermediate, "issuing", now.minusSeconds(60), now.plus(Duration.ofDays(7)));

        assertThatThrownBy(() -> plug(issuing.certificate(), issuing.keys().getPrivate(),
                List.of(intermediate.certificate())))
                .hasMessage(dir.resolve("cert-chain.pem") + ": the last certificate, 'CN=mesh intermediate', is not a "
                        + "self-signed root (expected: the chain to end with the root)");
    }

    @Test
    void refusesAnExpiredIntermediate() throws Exception {
        TestPki.Ca expired = TestPki.intermediate(root, "expired", now.minusSeconds(7200), now.minusSeconds(3600));

        assertThatThrownBy(() -> plug(expired.certificate(), expired.keys().getPrivate(), List.of(root.certificate())))
                .hasMessageContaining("certificate CN=expired expired at " + now.minusSeconds(3600));
    }

    @Test
    void doesNotRotateItself() throws Exception {
        CertificateAuthority ca = plug(intermediate.certificate(), intermediate.keys().getPrivate(),
                List.of(root.certificate()));

        assertThat(ca.rotationStage()).isEqualTo(RotationStage.STEADY);
        assertThatThrownBy(ca::beginRotation)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot begin a rotation: this CA signs with a plugged-in intermediate; rotate it by "
                        + "replacing its files");
    }

    @Test
    void acceptsAPluggedRootThatSignsForItself() throws Exception {
        CertificateAuthority ca = plug(root.certificate(), root.keys().getPrivate(), List.of(root.certificate()));

        IssuedCertificate issued = ca.sign(Csr.create(EcdsaKeys.generate(), alice), alice);

        assertThat(issued.chain()).containsExactly(issued.leaf());
        assertThat(ca.trustBundle().verify(issued.chain(), now)).isEqualTo(root.certificate());
    }

    private CertificateAuthority plug(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain)
            throws Exception {
        Path caCert = Files.writeString(dir.resolve("ca-cert.pem"), Pem.encodeCertificate(certificate));
        Path caKey = Files.writeString(dir.resolve("ca-key.pem"), Pem.encodePrivateKey(key));
        Path caChain = Files.writeString(dir.resolve("cert-chain.pem"), Pem.encodeCertificates(chain));
        return CertificateAuthority.builder().pluggedIntermediate(caCert, caKey, caChain).clock(clock).build();
    }
}
