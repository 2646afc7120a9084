package dev.sutra.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sutra.ca.tls.PinnedRootTrustManager;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CreateCertificate on the TLS port, over real TLS and gRPC: who gets which certificate. */
class CreateCertificateTest {

    @TempDir
    Path dir;

    private ControlPlane controlPlane;
    private MeshCa ca;
    private ManagedChannel anonymous;
    private final SpiffeId reviews = SpiffeId.of("ns-a", "reviews");
    private final SpiffeId ratings = SpiffeId.of("ns-b", "ratings");

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        controlPlane = ControlPlane.start(ControlPlaneOptions.defaults(dir.resolve("config"), dir.resolve("state"))
                .withEphemeralPorts().withIdentity(i -> i.withWorkloadCertTtl(Duration.ofHours(1))),
                new ConfigValidator()::validate);
        ca = controlPlane.ca().orElseThrow();
        anonymous = channel(null);
    }

    @AfterEach
    void stop() {
        Workload.close(anonymous);
        controlPlane.close();
    }

    private ManagedChannel channel(Workload client) throws Exception {
        return Workload.channel(controlPlane.xdsTlsPort().orElseThrow(), new PinnedRootTrustManager(ca.signingRootPin()), client);
    }

    @Test
    void issuesTheIdentityOfTheJoinToken() throws Exception {
        String token = ca.issueToken(reviews, Duration.ofMinutes(5));

        Workload workload = Workload.obtain(anonymous, reviews, token);

        assertThat(workload.identity()).isEqualTo(reviews);
        // Leaf alone: the CA signs with its root, which travels in the trust bundle, not the chain.
        assertThat(workload.chain()).hasSize(1);
        assertThat(RootPin.of(ca.trustBundle().verify(workload.chain(), Instant.now())))
                .isEqualTo(ca.signingRootPin());
        assertThat(workload.chain().get(0).getNotAfter().toInstant())
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(ca.issued().latest(reviews)).hasValueSatisfying(e -> {
            assertThat(e.leaf()).isEqualTo(workload.chain().get(0));
            assertThat(e.source()).isEqualTo(IssuedCertificates.Source.JOIN_TOKEN);
        });
    }

    @Test
    void refusesACsrForAnotherNamespaceThanTheTokensAndSaysSoOnce() throws Exception {
        String token = ca.issueToken(reviews, Duration.ofMinutes(5));
        String csr = Csr.create(EcdsaKeys.generate(), ratings).toPem();

        try (LogCapture log = new LogCapture(CertificateRequests.class)) {
            assertRefused(() -> Workload.create(anonymous, csr, token), Status.Code.PERMISSION_DENIED,
                    "URI:" + ratings.uri(), "allows only " + reviews.uri(), "127.0.0.1:");

            assertThat(log.warnings()).singleElement().asString()
                    .contains("certificate request from 127.0.0.1:", "join token", "CSR requests URI:" + ratings.uri(),
                            "allows only " + reviews.uri());
        }
        assertThat(ca.issued().latest(ratings)).isEmpty();
    }

    @Test
    void refusesATamperedToken() {
        String token = ca.issueToken(reviews, Duration.ofMinutes(5));
        // Change the payload's last character: the MAC no longer matches.
        int dot = token.lastIndexOf('.');
        char c = token.charAt(dot - 1);
        String tampered = token.substring(0, dot - 1) + (c == 'A' ? 'B' : 'A') + token.substring(dot);
        String csr = Csr.create(EcdsaKeys.generate(), reviews).toPem();

        assertRefused(() -> Workload.create(anonymous, csr, tampered), Status.Code.UNAUTHENTICATED,
                "failed authentication");
        assertRefused(() -> Workload.create(anonymous, csr, "not-a-token"), Status.Code.UNAUTHENTICATED,
                "malformed");
    }

    @Test
    void refusesAnExpiredToken() {
        String token = ca.issueToken(reviews, Duration.ofSeconds(1));
        String csr = Csr.create(EcdsaKeys.generate(), reviews).toPem();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertRefused(() -> Workload.create(anonymous, csr, token), Status.Code.UNAUTHENTICATED,
                        "expired at"));
    }

    @Test
    void refusesACallerWithoutCredential() {
        String csr = Csr.create(EcdsaKeys.generate(), reviews).toPem();

        assertRefused(() -> Workload.create(anonymous, csr, null), Status.Code.UNAUTHENTICATED,
                "carries no credential", "join token", "client certificate");
    }

    @Test
    void renewsWithTheCurrentCertificateButNeverToAnotherIdentity() throws Exception {
        Workload first = Workload.obtain(anonymous, reviews, ca.issueToken(reviews, Duration.ofMinutes(5)));
        ManagedChannel mtls = channel(first);
        try {
            Workload renewed = Workload.obtain(mtls, reviews, null);

            assertThat(renewed.identity()).isEqualTo(reviews);
            assertThat(renewed.chain().get(0).getSerialNumber()).isNotEqualTo(first.chain().get(0).getSerialNumber());
            assertThat(renewed.chain().get(0).getPublicKey()).isEqualTo(renewed.keys().getPublic());
            assertThat(ca.issued().latest(reviews)).hasValueSatisfying(e -> {
                assertThat(e.leaf()).isEqualTo(renewed.chain().get(0));
                assertThat(e.source()).isEqualTo(IssuedCertificates.Source.RENEWAL);
            });

            String other = Csr.create(EcdsaKeys.generate(), ratings).toPem();
            assertRefused(() -> Workload.create(mtls, other, null), Status.Code.PERMISSION_DENIED,
                    "client certificate", "allows only " + reviews.uri());
        } finally {
            Workload.close(mtls);
        }
    }

    @Test
    void refusesACsrThatIsNotPem() {
        String token = ca.issueToken(reviews, Duration.ofMinutes(5));

        assertRefused(() -> Workload.create(anonymous, "hello", token), Status.Code.INVALID_ARGUMENT, "CSR");
    }

    static void assertRefused(ThrowableAssert.ThrowingCallable call, Status.Code code, String... message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }
}
