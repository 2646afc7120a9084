package dev.sutra.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sutra.ca.tls.PinnedRootTrustManager;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.Pem;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.join.JoinToken;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity endpoints of the HTTP API: tokens, the CA and its rotation, certificates, metrics. */
class CaApiTest {

    @TempDir
    Path dir;

    private ControlPlane controlPlane;
    private MeshCa ca;
    private Api api;
    private final SpiffeId reviews = SpiffeId.of("default", "reviews");

    @BeforeEach
    void createConfigDir() throws Exception {
        Files.createDirectories(dir.resolve("config"));
    }

    private void start(UnaryOperator<ControlPlaneOptions> change) throws Exception {
        controlPlane = ControlPlane.start(change.apply(
                ControlPlaneOptions.defaults(dir.resolve("config"), dir.resolve("state")).withEphemeralPorts()
                        .withIdentity(i -> i)),
                new ConfigValidator()::validate);
        ca = controlPlane.ca().orElse(null);
        api = new Api(controlPlane.apiPort());
    }

    @AfterEach
    void stop() {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void issuesJoinTokensThatCarryTheRootPin() throws Exception {
        start(o -> o);

        Api.Reply reply = api.post("/api/v1/tokens", """
                {"namespace": "default", "serviceAccount": "reviews", "ttl": "2h"}""");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        JoinToken token = ca.verifyToken(body.path("token").asText());
        assertThat(token.identity()).isEqualTo(reviews);
        assertThat(token.rootPin()).isEqualTo(ca.signingRootPin());
        assertThat(body.path("rootPin").asText()).isEqualTo(ca.signingRootPin().value()).startsWith("sha256:");
        assertThat(body.path("identity").asText()).isEqualTo(reviews.uri());
        assertThat(token.expiresAt()).isBetween(Instant.now().plusSeconds(7100), Instant.now().plusSeconds(7201));
    }

    @Test
    void refusesTokenRequestsThatNameNoValidIdentity() throws Exception {
        start(o -> o);

        assertThat(api.post("/api/v1/tokens", "{\"namespace\": \"default\"}")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("serviceAccount");
        });
        assertThat(api.post("/api/v1/tokens", "{\"namespace\": \"de fault\", \"serviceAccount\": \"a\"}"))
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.body()).contains("namespace \\\"de fault\\\"");
                });
        assertThat(api.post("/api/v1/tokens", "{\"namespace\": \"a\", \"serviceAccount\": \"b\", \"ttl\": \"soon\"}"))
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.body()).contains("ttl \\\"soon\\\"");
                });
        assertThat(api.get("/api/v1/tokens").status()).isEqualTo(405);
    }

    @Test
    void keepsTheSameRootAndTokenKeyAcrossRestarts() throws Exception {
        start(o -> o);
        String root = api.get("/api/v1/ca/root").body();
        String token = ca.issueToken(reviews, Duration.ofMinutes(5));
        controlPlane.close();

        start(o -> o);

        assertThat(api.get("/api/v1/ca/root").body()).isEqualTo(root).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(ca.verifyToken(token).identity()).isEqualTo(reviews);
    }

    @Test
    void listsEveryCertificateAndExposesExpiryGauges() throws Exception {
        start(o -> o.withIdentity(i -> i.withWorkloadCertTtl(Duration.ofMinutes(10))));
        Workload workload = obtain(reviews);
        String serial = workload.chain().get(0).getSerialNumber().toString(16);

        JsonNode certificates = api.get("/api/v1/certificates").json().path("certificates");

        assertThat(certificates).extracting(c -> c.path("kind").asText())
                .containsExactly("root", "serving", "workload");
        JsonNode leaf = certificates.get(2);
        assertThat(leaf.path("identity").asText()).isEqualTo(reviews.uri());
        assertThat(leaf.path("serial").asText()).isEqualTo(serial);
        assertThat(leaf.path("secondsLeft").asLong()).isBetween(500L, 600L);
        assertThat(leaf.path("issuer").asText()).contains("Sutra root CA 1");
        assertThat(certificates.get(1).path("identity").asText())
                .isEqualTo("spiffe://cluster.local/ns/istio-system/sa/sutra-controlplane");

        String metrics = api.get("/metrics").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("sutra_certificate_expiry_seconds{")))
                .hasSize(3)
                .anySatisfy(l -> assertThat(l).contains("kind=\"workload\"", "identity=\"" + reviews.uri() + "\"",
                        "serial=\"" + serial + "\""))
                .anySatisfy(l -> assertThat(l).contains("kind=\"root\""))
                .anySatisfy(l -> assertThat(l).contains("kind=\"serving\""));
        assertThat(metrics).contains("sutra_ca_certificate_requests_total{outcome=\"issued\"} 1");
    }

    @Test
    void rotationStepsPushTheBundleWithTheSigningRootFirst() throws Exception {
        start(o -> o);
        RootPin old = ca.signingRootPin();
        assertThat(pushedRoots()).extracting(RootPin::of).containsExactly(old);

        JsonNode staged = api.post("/api/v1/ca/rotate-root?stage=begin", "").json();

        assertThat(staged.path("stage").asText()).isEqualTo("staged");
        assertThat(staged.path("bundlePushed").asBoolean()).isTrue();
        assertThat(staged.path("roots")).hasSize(2);
        assertThat(staged.path("roots").get(0).path("pin").asText()).isEqualTo(old.value());
        assertThat(staged.path("roots").get(0).path("signing").asBoolean()).isTrue();
        RootPin next = new RootPin(staged.path("roots").get(1).path("pin").asText());
        // The rotation API answers after the push: what proxies get already holds both roots.
        assertThat(pushedRoots()).extracting(RootPin::of).containsExactly(old, next);

        Api.Reply again = api.post("/api/v1/ca/rotate-root?stage=begin", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("cannot begin a rotation in rotation stage STAGED");

        JsonNode activated = api.post("/api/v1/ca/rotate-root?stage=activate", "").json();

        assertThat(activated.path("stage").asText()).isEqualTo("activated");
        assertThat(activated.path("signingRoot").asText()).isEqualTo(next.value());
        assertThat(pushedRoots()).extracting(RootPin::of).containsExactly(next, old);
        assertThat(RootPin.of(ca.trustBundle().verify(obtain(reviews).chain(), Instant.now()))).isEqualTo(next);
        // The TLS port presents a certificate under the new root soon after.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/certificates").json().path("certificates")
                .findValues("issuer").stream().filter(i -> i.asText().contains("Sutra root CA 2")).count() >= 2);

        JsonNode steady = api.post("/api/v1/ca/rotate-root?stage=retire", "").json();

        assertThat(steady.path("stage").asText()).isEqualTo("steady");
        assertThat(steady.path("roots")).hasSize(1);
        assertThat(pushedRoots()).extracting(RootPin::of).containsExactly(next);
        assertThat(api.get("/api/v1/ca/root").body()).isEqualTo(ca.trustBundle().toPem());

        Api.Reply unknown = api.post("/api/v1/ca/rotate-root?stage=sideways", "");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("begin, activate or retire");
    }

    @Test
    void pluggedInIntermediateSignsAndCannotRotate() throws Exception {
        PluggedCaFiles plugged = PluggedCaFiles.write(dir.resolve("cacerts"));
        start(o -> o.withIdentity(i -> i.withPluggedCa(plugged.files())));

        JsonNode state = api.get("/api/v1/ca").json();
        assertThat(state.path("mode").asText()).isEqualTo("plugged-in");
        assertThat(state.path("signingRoot").asText()).isEqualTo(RootPin.of(plugged.root()).value());
        assertThat(api.get("/api/v1/ca/root").body()).isEqualTo(Pem.encodeCertificate(plugged.root()));
        assertThat(obtain(reviews).chain()).hasSize(2).element(1).isEqualTo(plugged.intermediate());
        assertThat(api.get("/api/v1/certificates").json().path("certificates"))
                .anySatisfy(c -> {
                    assertThat(c.path("kind").asText()).isEqualTo("intermediate");
                    assertThat(c.path("identity").asText()).isEqualTo("CN=mesh intermediate");
                });

        Api.Reply refused = api.post("/api/v1/ca/rotate-root?stage=begin", "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("plugged-in intermediate");
    }

    @Test
    void aMeshWithoutIdentitiesHasNoCaAndPushesNoBundle() throws Exception {
        start(ControlPlaneOptions::withoutIdentity);

        assertThat(controlPlane.xdsTlsPort()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.cache().index() != null);
        assertThat(controlPlane.cache().index().state().hasIdentities()).isFalse();
        Api.Reply reply = api.get("/api/v1/ca/root");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("without identities");
    }

    private Workload obtain(SpiffeId identity) throws Exception {
        ManagedChannel channel = Workload.channel(controlPlane.xdsTlsPort().orElseThrow(),
                new PinnedRootTrustManager(ca.signingRootPin()), null);
        try {
            return Workload.obtain(channel, identity, ca.issueToken(identity, Duration.ofMinutes(5)));
        } finally {
            Workload.close(channel);
        }
    }

    /** The roots in the trust bundle of the mesh state last pushed, in order. */
    private List<X509Certificate> pushedRoots() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.cache().index() != null);
        return Pem.parseCertificates("pushed bundle", controlPlane.cache().index().state().trustBundle());
    }
}
