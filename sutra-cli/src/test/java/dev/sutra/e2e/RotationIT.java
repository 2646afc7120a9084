package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.cli.Sutra;
import dev.sutra.ca.RootPin;
import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.ProxyFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates change under continuous load and no request fails: workload certificates that live
 * 30 seconds, renewed again and again, and a staged rotation of the mesh's root.
 */
class RotationIT {

    /** How long the short-lived certificates are exercised (the issue asks for 3 minutes). */
    private static final Duration LOAD = Duration.parse(System.getProperty("sutra.rotation.load", "PT3M"));
    private static final Pattern XFCC_HASH = Pattern.compile("Hash=([0-9a-f]+)");

    @TempDir
    Path dir;

    @Test
    void thirtySecondCertificatesRotateUnderLoadWithoutAFailedRequest() throws Exception {
        try (ControlPlaneFixture cp = ControlPlaneFixture.builder(dir.resolve("cp"))
                        .config(Mesh.peerAuthentication("web", "STRICT"))
                        .identity(i -> i.withWorkloadCertTtl(Duration.ofSeconds(30)))
                        .start();
                HttpBackend web = HttpBackend.start("web");
                ProxyFixture server = sidecar(cp, web);
                ProxyFixture client = ProxyFixture.builder("client").controlPlane(cp).start()) {
            String url = "http://" + Mesh.host("web") + ":" + web.port() + "/";
            EndToEnd.awaitRoute(client, url);
            // A certificate taken now has expired by the end: the refusal of an expired peer.
            TlsPeers.Credential early = TlsPeers.fromMesh(cp, "default", "client");

            Set<String> serverSerials = new TreeSet<>();
            HttpClient admin = HttpClient.newHttpClient();
            Instant end = Instant.now().plus(LOAD);
            try (WarningLog warnings = new WarningLog();
                    LoadLoop load = LoadLoop.start(client.outboundPort(), url, 4, "header:x-forwarded-client-cert")) {
                while (Instant.now().isBefore(end)) {
                    // The serial the client's sidecar verified on its latest connection to the server.
                    String peers = HttpClients.get(admin, client.adminUrl() + "/peers").body();
                    peers.lines().filter(l -> l.contains("spiffe://cluster.local/ns/default/sa/web"))
                            .forEach(l -> serverSerials.add(l.split(" ")[2]));
                    Thread.sleep(500);
                }
                load.stop();

                assertThat(load.failures()).isEmpty();
                assertThat(load.succeeded()).isGreaterThan(1000);
                // Client certificates the server's sidecar saw on the wire (the Hash of each XFCC).
                Set<String> clientCertificates = new TreeSet<>();
                for (String xfcc : load.seen().keySet()) {
                    Matcher m = XFCC_HASH.matcher(xfcc);
                    assertThat(m.find()).as(xfcc).isTrue();
                    clientCertificates.add(m.group(1));
                }
                assertThat(clientCertificates).hasSizeGreaterThanOrEqualTo(6);
                assertThat(serverSerials).hasSizeGreaterThanOrEqualTo(6);
                assertThat(warnings.lines()).noneMatch(l -> l.contains("refused"));
            }

            try (WarningLog warnings = new WarningLog()) {
                assertThat(early.leaf().getNotAfter().toInstant()).isBefore(Instant.now());
                SSLContext expired = TlsPeers.client(early, roots(cp));
                assertThat(TlsPeers.get(expired, server.inboundPort(), Mesh.host("web"))).startsWith("refused");
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(warnings.lines())
                        .anyMatch(l -> l.contains("refused") && l.contains("expired")));
            }
        }
    }

    @Test
    void aStagedRootRotationUnderLoadFailsNoRequestAndThenTheOldRootIsRefused() throws Exception {
        try (ControlPlaneFixture cp = ControlPlaneFixture.builder(dir.resolve("cp")).config(Mesh.peerAuthentication("web", "STRICT")).start();
                HttpBackend web = HttpBackend.start("web");
                ProxyFixture server = sidecar(cp, web);
                ProxyFixture client = ProxyFixture.builder("client").controlPlane(cp).start()) {
            String url = "http://" + Mesh.host("web") + ":" + web.port() + "/";
            EndToEnd.awaitRoute(client, url);
            RootPin oldRoot = cp.ca().orElseThrow().signingRootPin();
            List<X509Certificate> oldRoots = roots(cp);
            TlsPeers.Credential underOldRoot = TlsPeers.fromMesh(cp, "default", "client");

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit;
            try (LoadLoop load = LoadLoop.start(client.outboundPort(), url, 4, "served-by")) {
                exit = Sutra.run(new PrintWriter(out, true), new PrintWriter(err, true),
                        "ca", "rotate-root", "--timeout", "60s", "--server", cp.apiUrl());
                Thread.sleep(1000);
                load.stop();
                assertThat(exit).as(out + "\n" + err).isZero();
                assertThat(load.failures()).isEmpty();
                assertThat(load.succeeded()).isGreaterThan(100);
            }
            RootPin newRoot = cp.ca().orElseThrow().signingRootPin();
            assertThat(newRoot).isNotEqualTo(oldRoot);
            assertThat(cp.ca().orElseThrow().trustBundle().pins()).containsExactly(newRoot);
            assertThat(client.proxy().identity().current().chain()).isNotEmpty();

            try (WarningLog warnings = new WarningLog()) {
                // A peer whose certificate comes from the retired root is refused by the server...
                SSLContext oldPeer = TlsPeers.client(underOldRoot, roots(cp));
                assertThat(TlsPeers.get(oldPeer, server.inboundPort(), Mesh.host("web"))).startsWith("refused");
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(warnings.lines())
                        .anyMatch(l -> l.contains("refused: unknown issuer")));
                // ...and a peer that trusts only the old root cannot verify the server any more.
                SSLContext trustsOldRoot = TlsPeers.client(TlsPeers.fromMesh(cp, "default", "client"), oldRoots);
                assertThat(TlsPeers.get(trustsOldRoot, server.inboundPort(), Mesh.host("web")))
                        .startsWith("refused").contains("PKIX");
            }
            // The mesh's own sidecars carry on under the new root.
            assertThat(HttpClients.get(HttpClients.viaProxy(client.outboundPort()), url).statusCode()).isEqualTo(200);
        }
    }

    private static ProxyFixture sidecar(ControlPlaneFixture cp, HttpBackend app) throws Exception {
        return ProxyFixture.builder(app.name()).label("app", app.name()).appPort("http", app.port()).noOutbound()
                .controlPlane(cp).start();
    }

    private static List<X509Certificate> roots(ControlPlaneFixture cp) {
        return cp.ca().orElseThrow().trustBundle().roots();
    }
}
