package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sutra.api.config.ConfigKind;
import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.SpiffeId;
import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.ProxyFixture;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between real sidecars with certificates from the control plane's CA: what each
 * PeerAuthentication mode accepts, what automatic mTLS and DestinationRules send, and the peers
 * that must be refused, each with a log line that says why.
 */
class MtlsIT {

    private static final String XFCC = "header:x-forwarded-client-cert";

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static HttpBackend strictApp;
    private static HttpBackend permissiveApp;
    private static HttpBackend plainApp;
    private static HttpBackend legacyApp;
    private static ProxyFixture strict;
    private static ProxyFixture permissive;
    private static ProxyFixture plain;
    private static ProxyFixture client;
    private static HttpClient http;
    private WarningLog warnings;

    @BeforeAll
    static void start() throws Exception {
        legacyApp = HttpBackend.start("legacy");
        controlPlane = ControlPlaneFixture.start(dir, Mesh.peerAuthentication("strict", "STRICT") + "---\n" + Mesh.peerAuthentication("plain", "DISABLE")
                + "---\n" + """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: legacy}
                spec:
                  hosts: [legacy.example.com]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  endpoints: [{address: 127.0.0.1, ports: {http: %d}}]
                """.formatted(legacyApp.port()));
        strictApp = HttpBackend.start("strict");
        permissiveApp = HttpBackend.start("permissive");
        plainApp = HttpBackend.start("plain");
        strict = sidecar("strict", strictApp);
        permissive = sidecar("permissive", permissiveApp);
        plain = sidecar("plain", plainApp);
        client = ProxyFixture.builder("client").controlPlane(controlPlane).start();
        http = HttpClients.viaProxy(client.outboundPort());
        for (HttpBackend app : List.of(strictApp, permissiveApp, plainApp)) {
            EndToEnd.awaitRoute(client, url(app));
        }
        EndToEnd.awaitRoute(client, "http://legacy.example.com/");
    }

    private static ProxyFixture sidecar(String service, HttpBackend app) throws Exception {
        return ProxyFixture.builder(service).label("app", service).appPort("http", app.port()).noOutbound()
                .controlPlane(controlPlane).start();
    }

    private static String url(HttpBackend app) {
        return "http://" + Mesh.host(app.name()) + ":" + app.port() + "/";
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {client, strict, permissive, plain, controlPlane, strictApp,
                permissiveApp, plainApp, legacyApp}) {
            try {
                c.close();
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
    }

    @BeforeEach
    void captureWarnings() {
        warnings = new WarningLog();
    }

    @AfterEach
    void releaseWarnings() {
        warnings.close();
    }

    /** The echo of one GET through the client's sidecar; fails unless it is a 200. */
    private static Map<String, String> call(HttpBackend app) throws Exception {
        HttpResponse<String> r = HttpClients.get(http, url(app));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return HttpClients.echo(r.body());
    }

    private static String plaintextGet(ProxyFixture sidecar, HttpBackend app) throws Exception {
        return HttpClients.raw(sidecar.inboundPort(), "GET / HTTP/1.1\r\nHost: " + Mesh.host(app.name())
                + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(5));
    }

    @Test
    void strictAcceptsTheMeshOverMtlsAndRefusesPlaintext() throws Exception {
        Map<String, String> echo = call(strictApp);
        // The client's certificate reached the server's sidecar, which handed the identity on.
        assertThat(echo.get(XFCC)).contains("URI=spiffe://cluster.local/ns/default/sa/client")
                .contains("By=spiffe://cluster.local/ns/default/sa/strict");

        assertThat(plaintextGet(strict, strictApp)).doesNotContain("HTTP/1.1");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(warnings.lines())
                .anyMatch(l -> l.contains("refused: plaintext where mutual TLS is required")));
    }

    @Test
    void permissiveAcceptsBoth() throws Exception {
        assertThat(call(permissiveApp).get(XFCC)).contains("URI=spiffe://cluster.local/ns/default/sa/client");
        String plaintext = plaintextGet(permissive, permissiveApp);
        assertThat(plaintext).startsWith("HTTP/1.1 200").contains("served-by=permissive")
                .doesNotContain("x-forwarded-client-cert");
    }

    @Test
    void disableAcceptsPlaintextAndAutomaticMtlsSendsPlaintextToIt() throws Exception {
        assertThat(call(plainApp)).containsEntry("served-by", "plain").doesNotContainKey(XFCC);
        assertThat(plaintextGet(plain, plainApp)).startsWith("HTTP/1.1 200");
        // Not even a mesh certificate gets a TLS handshake on a DISABLE port.
        SSLContext meshClient = TlsPeers.client(TlsPeers.fromMesh(controlPlane, "default", "client"), roots());
        assertThat(TlsPeers.get(meshClient, plain.inboundPort(), Mesh.host("plain"))).startsWith("refused");
    }

    @Test
    void anEndpointWithoutASidecarGetsPlaintext() throws Exception {
        HttpResponse<String> r = HttpClients.get(http, "http://legacy.example.com/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(HttpClients.echo(r.body())).containsEntry("served-by", "legacy").doesNotContainKey(XFCC);
    }

    @Test
    void aDestinationRuleTlsModeOverridesAutomaticMtls() throws Exception {
        // DISABLE toward a PERMISSIVE workload: plaintext where automatic mTLS would have used TLS.
        controlPlane.apply(tlsMode("permissive", "DISABLE"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(call(permissiveApp)).doesNotContainKey(XFCC));
        // DISABLE toward a STRICT workload: the server refuses the plaintext, the client gets a 503.
        controlPlane.apply(tlsMode("strict", "DISABLE"));
        await().atMost(Duration.ofSeconds(10)).until(() -> HttpClients.get(http, url(strictApp)).statusCode() == 503);
        // ISTIO_MUTUAL toward a DISABLE workload: the server has no TLS to offer.
        controlPlane.apply(tlsMode("plain", "ISTIO_MUTUAL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> HttpClients.get(http, url(plainApp)).statusCode() == 503);

        for (String host : List.of("permissive", "strict", "plain")) {
            controlPlane.delete(ConfigKind.DESTINATION_RULE, "default", host);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(call(permissiveApp)).containsKey(XFCC);
            assertThat(call(strictApp)).containsKey(XFCC);
            assertThat(call(plainApp)).doesNotContainKey(XFCC);
        });
    }

    private static String tlsMode(String host, String mode) {
        return """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: %s, namespace: default}
                spec:
                  host: %s
                  trafficPolicy: {tls: {mode: %s}}
                """.formatted(host, host, mode);
    }

    private static List<X509Certificate> roots() {
        return controlPlane.ca().orElseThrow().trustBundle().roots();
    }

    @Test
    void aMeshCertificateIsAcceptedAndPeersWithoutOneOrFromAForeignCaAreRefused() throws Exception {
        String host = Mesh.host("strict");
        int port = strict.inboundPort();
        // The same client code with a mesh certificate gets through: the refusals below are about the peer.
        SSLContext good = TlsPeers.client(TlsPeers.fromMesh(controlPlane, "default", "client"), roots());
        assertThat(TlsPeers.get(good, port, host)).startsWith("HTTP/1.1 200");

        SSLContext anonymous = TlsPeers.client(null, roots());
        assertThat(TlsPeers.get(anonymous, port, host)).startsWith("refused");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(warnings.lines())
                .anyMatch(l -> l.contains("refused: no client certificate")));

        SpiffeId sameName = SpiffeId.of("default", "client");
        SSLContext foreign = TlsPeers.client(TlsPeers.fromForeignCa(dir.resolve("foreign-ca"), sameName), roots());
        assertThat(TlsPeers.get(foreign, port, host)).startsWith("refused");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(warnings.lines())
                .anyMatch(l -> l.contains("refused: unknown issuer") && l.contains("a foreign CA?")));
    }

    @Test
    void aJoinTokenGetsOnlyItsOwnIdentity() throws Exception {
        String tokenForA = controlPlane.joinToken("team-a", "api");
        var keys = EcdsaKeys.generate();
        Csr forB = Csr.create(keys, controlPlane.identity("team-b", "api"));

        assertThatThrownBy(() -> TlsPeers.sign(controlPlane, forB, tokenForA))
                .hasMessageContaining("PERMISSION_DENIED");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(warnings.lines())
                .anyMatch(l -> l.contains("spiffe://cluster.local/ns/team-b/sa/api")
                        && l.contains("spiffe://cluster.local/ns/team-a/sa/api")));
        // The same token for its own identity works.
        Csr forA = Csr.create(keys, controlPlane.identity("team-a", "api"));
        assertThat(TlsPeers.sign(controlPlane, forA, tokenForA).get(0).getSubjectX500Principal()).isNotNull();
    }
}
