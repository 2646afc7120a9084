package dev.sutra.ca.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import dev.sutra.ca.TrustBundle;
import dev.sutra.ca.authority.CertificateAuthority;
import dev.sutra.ca.authority.ServingNames;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpiffeTrustManagerTest {

    @TempDir
    Path state;

    private final TestClock clock = TestClock.startingNow();
    private final SpiffeId alice = SpiffeId.of("ns-a", "alice");
    private CertificateAuthority ca;
    private SpiffeTrustManager trustManager;

    @BeforeEach
    void setUp() throws Exception {
        ca = CertificateAuthority.builder().selfSigned(state.resolve("ca")).clock(clock).build();
        trustManager = SpiffeTrustManager.create(ca.trustBundle(), "cluster.local", clock);
    }

    @Test
    void acceptsAnSvidOfItsTrustDomainOnEitherSide() throws Exception {
        List<X509Certificate> chain = svid(ca, alice);

        assertThat(trustManager.verifyClient(chain)).isEqualTo(alice);
        assertThat(trustManager.verifyServer(chain)).isEqualTo(alice);
        trustManager.checkClientTrusted(chain.toArray(X509Certificate[]::new), "EC");
        assertThat(SpiffeTrustManager.peerIdentity(chain.toArray(X509Certificate[]::new))).isEqualTo(alice);
    }

    @Test
    void namesNoAcceptedIssuersSoClientsAlwaysPresentTheirSvid() {
        assertThat(trustManager.getAcceptedIssuers()).isEmpty();
        assertThat(trustManager.bundle().roots()).containsExactly(ca.signingRoot());
    }

    @Test
    void saysWhenNoCertificateWasPresented() {
        assertThatThrownBy(() -> trustManager.checkClientTrusted(null, "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("no client certificate presented");
        assertThatThrownBy(() -> trustManager.checkServerTrusted(new X509Certificate[0], "EC"))
                .hasMessage("no server certificate presented");
    }

    @Test
    void refusesACertificateOfAForeignCa() throws Exception {
        CertificateAuthority foreign = CertificateAuthority.builder().selfSigned(state.resolve("foreign")).clock(clock)
                .build();
        List<X509Certificate> chain = svid(foreign, alice);

        assertThatThrownBy(() -> trustManager.verifyClient(chain))
                .hasMessageStartingWith("unknown issuer: chain of spiffe://cluster.local/ns/ns-a/sa/alice leads to '"
                        + foreign.signingRoot().getSubjectX500Principal().getName() + "'")
                .hasMessageContaining("a foreign CA?");
    }

    @Test
    void refusesAnExpiredCertificateSayingWhen() throws Exception {
        List<X509Certificate> chain = svid(ca, alice);
        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> trustManager.verifyClient(chain))
                .hasMessage("certificate spiffe://cluster.local/ns/ns-a/sa/alice expired at "
                        + chain.get(0).getNotAfter().toInstant() + " (now " + clock.instant() + ")");
    }

    @Test
    void refusesACertificateWithoutSpiffeId() throws Exception {
        List<X509Certificate> chain = ca.issueServing(EcdsaKeys.generate().getPublic(),
                ServingNames.of(List.of("localhost"), List.of(InetAddress.getLoopbackAddress())), Duration.ofHours(1))
                .chain();

        assertThatThrownBy(() -> trustManager.verifyServer(chain))
                .hasMessage("certificate DNS:localhost,IP:127.0.0.1 has no SPIFFE ID (no URI subject alternative name)");
    }

    @Test
    void refusesAPeerOfAnotherTrustDomainEvenUnderATrustedRoot() throws Exception {
        CertificateAuthority federated = CertificateAuthority.builder().selfSigned(state.resolve("federated"))
                .trustDomain("example.org").clock(clock).build();
        trustManager.updateBundle(TrustBundle.of(ca.signingRoot(), federated.signingRoot()));
        SpiffeId stranger = new SpiffeId("example.org", "ns-a", "alice");

        assertThatThrownBy(() -> trustManager.verifyClient(svid(federated, stranger)))
                .hasMessage("client spiffe://example.org/ns/ns-a/sa/alice is in trust domain example.org "
                        + "(expected: cluster.local)");
    }

    @Test
    void refusesAServingCertificateAsAClient() throws Exception {
        SpiffeId controlPlane = SpiffeId.of("sutra-system", "sutra");
        List<X509Certificate> chain = ca.issueServing(EcdsaKeys.generate().getPublic(),
                ServingNames.of(List.of("localhost"), List.of()).withSpiffeId(controlPlane), Duration.ofHours(1)).chain();

        assertThat(trustManager.verifyServer(chain)).isEqualTo(controlPlane);
        assertThatThrownBy(() -> trustManager.verifyClient(chain))
                .hasMessage("client spiffe://cluster.local/ns/sutra-system/sa/sutra is not allowed for TLS clients "
                        + "(extendedKeyUsage lacks clientAuth)");
    }

    @Test
    void aSwappedBundleAppliesToTheNextVerification() throws Exception {
        ca.beginRotation();
        ca.activate();
        List<X509Certificate> underNewRoot = svid(ca, alice);

        assertThatThrownBy(() -> trustManager.verifyClient(underNewRoot)).hasMessageStartingWith("unknown issuer");
        trustManager.updateBundle(ca.trustBundle());
        assertThat(trustManager.verifyClient(underNewRoot)).isEqualTo(alice);
        assertThat(trustManager.bundle()).isEqualTo(ca.trustBundle());
    }

    @Test
    void rejectsAnInvalidExpectedTrustDomain() {
        assertThatThrownBy(() -> SpiffeTrustManager.create(ca.trustBundle(), "Cluster.Local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust domains are lower-case");
    }

    private List<X509Certificate> svid(CertificateAuthority issuer, SpiffeId id) throws Exception {
        return issuer.sign(Csr.create(EcdsaKeys.generate(), id), id, Duration.ofSeconds(30)).chain();
    }
}
