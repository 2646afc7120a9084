package dev.sutra.ca.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import dev.sutra.ca.TrustBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootRotationTest {

    @TempDir
    Path state;

    private final TestClock clock = TestClock.startingNow();
    private final SpiffeId alice = SpiffeId.of("ns-a", "alice");

    @Test
    void rotatesInStagesThatSurviveRestarts() throws Exception {
        CertificateAuthority ca = open();
        X509Certificate oldRoot = ca.signingRoot();
        List<X509Certificate> oldLeaf = issue(ca);
        assertThat(ca.rotationStage()).isEqualTo(RotationStage.STEADY);

        // Stage: the new root joins the bundle, the old root still signs.
        ca.beginRotation();
        ca = open();
        assertThat(ca.rotationStage()).isEqualTo(RotationStage.STAGED);
        assertThat(ca.trustBundle().roots()).hasSize(2).startsWith(oldRoot);
        X509Certificate newRoot = ca.trustBundle().roots().get(1);
        assertThat(ca.signingRoot()).isEqualTo(oldRoot);
        assertThat(verify(ca.trustBundle(), issue(ca))).isEqualTo(oldRoot);
        TrustBundle staged = ca.trustBundle();

        // Activate: the new root signs; workloads holding the staged bundle already trust it.
        ca.activate();
        ca = open();
        assertThat(ca.rotationStage()).isEqualTo(RotationStage.ACTIVATED);
        assertThat(ca.signingRoot()).isEqualTo(newRoot);
        assertThat(ca.trustBundle().roots()).containsExactly(newRoot, oldRoot);
        List<X509Certificate> newLeaf = issue(ca);
        assertThat(verify(staged, newLeaf)).isEqualTo(newRoot);
        assertThat(verify(ca.trustBundle(), oldLeaf)).isEqualTo(oldRoot);

        // Retire: only the new root is left; certificates of the old one are no longer trusted.
        ca.retireOld();
        ca = open();
        assertThat(ca.rotationStage()).isEqualTo(RotationStage.STEADY);
        assertThat(ca.trustBundle().roots()).containsExactly(newRoot);
        assertThat(verify(ca.trustBundle(), newLeaf)).isEqualTo(newRoot);
        TrustBundle retired = ca.trustBundle();
        assertThatThrownBy(() -> verify(retired, oldLeaf)).hasMessageStartingWith("unknown issuer");
        assertThat(state.resolve("root-1.key.pem")).doesNotExist();
        assertThat(state.resolve("root-2.key.pem")).exists();
    }

    @Test
    void aSecondRotationTakesTheNextRootNumber() throws Exception {
        CertificateAuthority ca = open();
        ca.beginRotation();
        ca.activate();
        ca.retireOld();
        ca.beginRotation();

        assertThat(state.resolve("root-3.cert.pem")).exists();
        assertThat(ca.trustBundle().roots().get(1).getSubjectX500Principal().getName()).contains("Sutra root CA 3 ");
        assertThat(Files.readString(state.resolve("ca-state.properties"))).contains("stage=staged\nactive=2\nnext=3");
    }

    @Test
    void refusesStepsOutOfOrder() throws Exception {
        CertificateAuthority ca = open();

        assertThatThrownBy(ca::activate).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot activate the new root in rotation stage STEADY (expected: STAGED)");
        assertThatThrownBy(ca::retireOld)
                .hasMessage("cannot retire the old root in rotation stage STEADY (expected: ACTIVATED)");
        ca.beginRotation();
        assertThatThrownBy(ca::beginRotation)
                .hasMessage("cannot begin a rotation in rotation stage STAGED (expected: STEADY)");
        assertThatThrownBy(ca::retireOld)
                .hasMessage("cannot retire the old root in rotation stage STAGED (expected: ACTIVATED)");
    }

    private CertificateAuthority open() throws IOException {
        return CertificateAuthority.builder().selfSigned(state).clock(clock).build();
    }

    private List<X509Certificate> issue(CertificateAuthority ca) throws Exception {
        return ca.sign(Csr.create(EcdsaKeys.generate(), alice), alice).chain();
    }

    private X509Certificate verify(TrustBundle bundle, List<X509Certificate> chain) throws CertificateException {
        return bundle.verify(chain, clock.instant());
    }
}
