package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.ProxyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP through the whole data path, over real sockets: client → its sidecar (outbound, HTTP/1.1 or
 * h2c) → HTTP/2 between sidecars → the server's sidecar (inbound) → an HTTP/1.1 application.
 */
class HttpDataPathIT {

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static HttpBackend web;
    private static ProxyFixture webSidecar;
    private static ProxyFixture clientSidecar;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlaneFixture.start(dir, "");
        web = HttpBackend.start("web-v1");
        webSidecar = ProxyFixture.builder("web").label("version", "v1").appPort("http", web.port()).noOutbound()
                .controlPlane(controlPlane).start();
        clientSidecar = ProxyFixture.builder("client").controlPlane(controlPlane).start();
        base = "http://" + Mesh.host("web") + ":" + web.port();
        EndToEnd.awaitRoute(clientSidecar, base + "/");
    }

    @AfterAll
    static void stop() {
        clientSidecar.close();
        webSidecar.close();
        web.close();
        controlPlane.close();
    }

    @Test
    void absoluteFormRequestsReachTheServiceThroughBothSidecars() throws Exception {
        HttpResponse<String> r = HttpClients.get(HttpClients.viaProxy(clientSidecar.outboundPort()), base + "/hello?x=1");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> echo = HttpClients.echo(r.body());
        assertThat(echo).containsEntry("served-by", "web-v1").containsEntry("path", "/hello?x=1");
        // Envoy's request headers: an id is generated, the scheme recorded.
        java.util.UUID id = java.util.UUID.fromString(echo.get("header:x-request-id"));
        assertThat(id.version()).as("a random UUID").isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(echo).containsEntry("header:x-forwarded-proto", "http");
        assertThat(echo.get("header:host")).isEqualTo(Mesh.host("web") + ":" + web.port());
    }

    @Test
    void shortHostNamesInTheHostHeaderRouteToo() throws Exception {
        String raw = HttpClients.raw(clientSidecar.outboundPort(), "GET /short HTTP/1.1\r\nHost: web:" + web.port()
                + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(10));
        assertThat(raw).startsWith("HTTP/1.1 200").contains("served-by=web-v1").contains("path=/short");
    }

    @Test
    void hopByHopHeadersStopAtTheProxyAndAnIncomingRequestIdIsKept() throws Exception {
        String raw = HttpClients.raw(clientSidecar.outboundPort(), "GET /h HTTP/1.1\r\nHost: " + Mesh.host("web")
                + ":" + web.port() + "\r\nConnection: close, x-private\r\nx-private: secret\r\nKeep-Alive: 5\r\n"
                + "x-request-id: abc-123\r\nx-kept: yes\r\n\r\n", Duration.ofSeconds(10));
        assertThat(raw).startsWith("HTTP/1.1 200").contains("header:x-kept=yes").contains("header:x-request-id=abc-123")
                .doesNotContain("x-private").doesNotContain("header:keep-alive");
    }

    @Test
    void keepAliveCarriesSeveralRequestsOnOneConnection() throws Exception {
        String host = Mesh.host("web") + ":" + web.port();
        String raw = HttpClients.raw(clientSidecar.outboundPort(), "GET /one HTTP/1.1\r\nHost: " + host
                + "\r\n\r\nGET /two HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(10));
        assertThat(raw).contains("path=/one").contains("path=/two").endsWith("<closed>");
        assertThat(raw.indexOf("path=/one")).isLessThan(raw.indexOf("path=/two"));
    }

    @Test
    void chunkedBodiesAndTrailersPassBothWays() throws Exception {
        String host = Mesh.host("web") + ":" + web.port();
        String raw = HttpClients.raw(clientSidecar.outboundPort(), "POST /upload HTTP/1.1\r\nHost: " + host
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                Duration.ofSeconds(10));
        assertThat(raw).startsWith("HTTP/1.1 200").contains("bytes=11");
        String chunked = HttpClients.raw(clientSidecar.outboundPort(), "GET /chunked?n=3 HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(10));
        assertThat(chunked).containsIgnoringCase("transfer-encoding: chunked").contains("chunk 0").contains("chunk 2")
                .containsIgnoringCase("x-trailer: done");
    }

    @Test
    void expectContinueIsAnsweredAndTheBodyFollows() throws Exception {
        String host = Mesh.host("web") + ":" + web.port();
        String raw = HttpClients.raw(clientSidecar.outboundPort(), "POST /upload HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nabcd", Duration.ofSeconds(10));
        assertThat(raw).startsWith("HTTP/1.1 100 Continue").contains("HTTP/1.1 200").contains("bytes=4");
    }

    @Test
    void h2cUpgradeAndHttp2ClientsWork() throws Exception {
        // The JDK client asks for h2c with an Upgrade header on plaintext connections.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + clientSidecar.outboundPort() + "/h2"))
                .header("x-target", "ignored").timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        // Host is 127.0.0.1:<port>, which names no service: Envoy's 404 with flag NR.
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void http2PriorKnowledgeReachesAnHttp11Application() throws Exception {
        String body = H2cClient.get(clientSidecar.outboundPort(), Mesh.host("web") + ":" + web.port(), "/prior");
        assertThat(HttpClients.echo(body)).containsEntry("served-by", "web-v1").containsEntry("path", "/prior");
    }
}
