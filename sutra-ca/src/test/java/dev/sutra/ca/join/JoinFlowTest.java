package dev.sutra.ca.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import dev.sutra.ca.TrustBundle;
import dev.sutra.ca.authority.CertificateAuthority;
import dev.sutra.ca.authority.IssuedCertificate;
import dev.sutra.ca.authority.SigningRefusedException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new proxy's first certificate, as the control plane and the proxy each play their part. */
class JoinFlowTest {

    @TempDir
    Path state;

    private final TestClock clock = TestClock.startingNow();
    private final SpiffeId alice = SpiffeId.of("ns-a", "default");
    private final SpiffeId bob = SpiffeId.of("ns-b", "default");
    private CertificateAuthority ca;
    private JoinTokens tokens;

    @BeforeEach
    void startControlPlane() throws Exception {
        ca = CertificateAuthority.builder().selfSigned(state.resolve("ca")).clock(clock).build();
        tokens = JoinTokens.open(state, clock);
    }

    @Test
    void aProxyJoinsWithItsTokenAndPinsTheRightRoot() throws Exception {
        String token = tokens.issue(alice, RootPin.of(ca.signingRoot()), Duration.ofMinutes(10));

        // Proxy: reads the pin, checks the bundle the control plane serves against it, sends a CSR.
        RootPin pin = JoinToken.readUnverified(token).rootPin();
        TrustBundle served = TrustBundle.fromPem("ROOTCA", ca.trustBundle().toPem());
        assertThat(served.rootFor(pin)).contains(ca.signingRoot());
        KeyPair keys = EcdsaKeys.generate();
        String csrPem = Csr.create(keys, alice).toPem();

        // Control plane: verifies the token, signs only for the identity it allows.
        IssuedCertificate issued = ca.sign(Csr.fromPem(csrPem), tokens.verify(token).identity(), Duration.ofSeconds(30));

        X509Certificate leaf = issued.leaf();
        assertThat(SpiffeId.fromCertificate(leaf)).isEqualTo(alice);
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(served.verify(issued.chain(), clock.instant())).isEqualTo(ca.signingRoot());
    }

    @Test
    void aTokenForOneNamespaceNeverObtainsAnothersCertificate() throws Exception {
        String aliceToken = tokens.issue(alice, RootPin.of(ca.signingRoot()), Duration.ofMinutes(10));
        Csr bobCsr = Csr.create(EcdsaKeys.generate(), bob);

        SpiffeId allowed = tokens.verify(aliceToken).identity();

        assertThat(allowed).isEqualTo(alice);
        assertThatThrownBy(() -> ca.sign(bobCsr, allowed))
                .isInstanceOf(SigningRefusedException.class)
                .hasMessage("CSR requests URI:spiffe://cluster.local/ns/ns-b/sa/default but the credential allows only "
                        + "spiffe://cluster.local/ns/ns-a/sa/default");
    }

    @Test
    void aPinFromAnotherClusterMatchesNoServedRoot() throws Exception {
        CertificateAuthority other = CertificateAuthority.builder().selfSigned(state.resolve("other-ca")).clock(clock)
                .build();
        String token = JoinTokens.open(state.resolve("other"), clock)
                .issue(alice, RootPin.of(other.signingRoot()), Duration.ofMinutes(10));

        assertThat(ca.trustBundle().rootFor(JoinToken.readUnverified(token).rootPin())).isEmpty();
        assertThatThrownBy(() -> tokens.verify(token)).hasMessageContaining("failed authentication");
    }
}
