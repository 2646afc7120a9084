package dev.sutra.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustBundleTest {

    private final Instant now = Instant.now();
    private final TestPki.Ca first = TestPki.root("first root", now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    private final TestPki.Ca second = TestPki.root("second root", now.minusSeconds(60), now.plus(Duration.ofDays(1)));

    @Test
    void holdsSeveralRootsAndRoundTripsThroughPem(@TempDir Path dir) throws Exception {
        TrustBundle bundle = TrustBundle.of(first.certificate(), second.certificate());
        Path file = dir.resolve("roots.pem");
        Files.writeString(file, bundle.toPem());

        assertThat(bundle.toPem()).containsPattern("(?s)-----BEGIN CERTIFICATE-----.*-----BEGIN CERTIFICATE-----");
        assertThat(TrustBundle.read(file)).isEqualTo(bundle);
        assertThat(TrustBundle.fromPem("bundle", bundle.toPem()).roots())
                .containsExactly(first.certificate(), second.certificate());
    }

    @Test
    void findsTheRootForAPin() {
        TrustBundle bundle = TrustBundle.of(first.certificate(), second.certificate());

        assertThat(bundle.pins()).containsExactly(RootPin.of(first.certificate()), RootPin.of(second.certificate()));
        assertThat(bundle.rootFor(RootPin.of(second.certificate()))).contains(second.certificate());
        X509Certificate stranger = TestPki.root("stranger", now, now.plusSeconds(60)).certificate();
        assertThat(bundle.rootFor(RootPin.of(stranger))).isEmpty();
    }

    @Test
    void isImmutable() {
        List<X509Certificate> roots = new ArrayList<>(List.of(first.certificate()));
        TrustBundle bundle = new TrustBundle(roots);
        roots.add(second.certificate());

        assertThat(bundle.roots()).containsExactly(first.certificate());
        assertThatThrownBy(() -> bundle.roots().add(second.certificate()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsEmptyDuplicateAndNonCaRoots() {
        X509Certificate leaf = TestPki.leaf(first, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now, now.plusSeconds(60));

        assertThatThrownBy(() -> new TrustBundle(List.of())).hasMessage("trust bundle has no roots (expected: at least one)");
        assertThatThrownBy(() -> TrustBundle.of(first.certificate(), first.certificate()))
                .hasMessage("trust bundle lists the same root twice");
        assertThatThrownBy(() -> TrustBundle.of(leaf))
                .hasMessage("trust bundle root spiffe://cluster.local/ns/a/sa/b is not a CA certificate "
                        + "(basicConstraints CA:false or absent)");
    }

    @Test
    void verifiesAChainUnderAnyOfItsRoots() throws Exception {
        TestPki.Ca intermediate = TestPki.intermediate(second, "intermediate", now.minusSeconds(60), now.plusSeconds(3600));
        X509Certificate leaf = TestPki.leaf(intermediate, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now.minusSeconds(1), now.plusSeconds(60));
        TrustBundle bundle = TrustBundle.of(first.certificate(), second.certificate());

        assertThat(bundle.verify(List.of(leaf, intermediate.certificate()), now)).isEqualTo(second.certificate());
        // A peer may append the root itself.
        assertThat(bundle.verify(List.of(leaf, intermediate.certificate(), second.certificate()), now))
                .isEqualTo(second.certificate());
    }

    @Test
    void namesTheForeignIssuerOfAnUntrustedChain() {
        TestPki.Ca foreign = TestPki.root("foreign root", now.minusSeconds(60), now.plusSeconds(3600));
        X509Certificate leaf = TestPki.leaf(foreign, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now.minusSeconds(1), now.plusSeconds(60));

        assertThatThrownBy(() -> TrustBundle.of(first.certificate()).verify(List.of(leaf), now))
                .isInstanceOf(CertificateException.class)
                .hasMessage("unknown issuer: chain of spiffe://cluster.local/ns/a/sa/b leads to 'CN=foreign root', "
                        + "which is not a root in the trust bundle (a foreign CA?); trusted roots: 'CN=first root'");
    }

    @Test
    void tellsAForeignCaWithATrustedRootsNameFromTheTrustedRoot() {
        TestPki.Ca impostor = TestPki.root("first root", now.minusSeconds(60), now.plusSeconds(3600));
        X509Certificate leaf = TestPki.leaf(impostor, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now.minusSeconds(1), now.plusSeconds(60));

        assertThatThrownBy(() -> TrustBundle.of(first.certificate()).verify(List.of(leaf), now))
                .hasMessageContaining("which has the name of a trusted root but not its key (a foreign CA?)");
    }

    @Test
    void saysWhenALinkExpiredOrIsNotYetValid() {
        X509Certificate leaf = TestPki.leaf(first, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now.minusSeconds(60), now.minusSeconds(30));
        X509Certificate future = TestPki.leaf(first, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now.plusSeconds(60), now.plusSeconds(90));
        TrustBundle bundle = TrustBundle.of(first.certificate());

        assertThatThrownBy(() -> bundle.verify(List.of(leaf), now))
                .hasMessageStartingWith("certificate spiffe://cluster.local/ns/a/sa/b expired at "
                        + leaf.getNotAfter().toInstant() + " (now ");
        assertThatThrownBy(() -> bundle.verify(List.of(future), now))
                .hasMessageContaining("is not valid until " + future.getNotBefore().toInstant());
    }

    @Test
    void refusesAChainWhoseIntermediateIsNotACa() {
        // The "intermediate" is a leaf (CA:false), so it must not sign: PKIX's basic constraints check says so.
        var keys = EcdsaKeys.generate();
        X509Certificate notCa = TestPki.leaf(first, keys.getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/x/sa/y")), now.minusSeconds(60), now.plusSeconds(3600));
        X509Certificate leaf = TestPki.leaf(new TestPki.Ca(notCa, keys), EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now.minusSeconds(1), now.plusSeconds(60));

        assertThatThrownBy(() -> TrustBundle.of(first.certificate()).verify(List.of(leaf, notCa), now))
                .hasMessageStartingWith("certificate chain of spiffe://cluster.local/ns/a/sa/b is invalid")
                .hasMessageContaining("spiffe://cluster.local/ns/x/sa/y");
    }
}
