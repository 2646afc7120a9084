package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.Ports;
import dev.sutra.testkit.ProxyFixture;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures answered and counted as Envoy answers them, with its status codes and response flags. */
class ResponseFlagsIT {

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static HttpBackend web;
    private static ProxyFixture webSidecar;
    private static ProxyFixture client;
    private static HttpClient http;
    private static int deadPort;

    @BeforeAll
    static void start() throws Exception {
        deadPort = Ports.free();
        controlPlane = ControlPlaneFixture.start(dir, """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: empty}
                spec:
                  hosts: [empty.default.svc.cluster.local]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 8080, name: http, protocol: HTTP}]
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: dead}
                spec:
                  hosts: [dead.default.svc.cluster.local]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 8080, name: http, protocol: HTTP}]
                  endpoints: [{address: 127.0.0.1, ports: {http: %d}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web}
                spec:
                  hosts: [web]
                  http:
                  - match: [{uri: {prefix: /slow}}]
                    timeout: 300ms
                    route: [{destination: {host: web}}]
                  - route: [{destination: {host: web}}]
                """.formatted(deadPort));
        web = HttpBackend.start("web-v1");
        webSidecar = ProxyFixture.builder("web").servicePort("http", 8080, web.port()).noOutbound()
                .controlPlane(controlPlane).start();
        client = ProxyFixture.builder("client").controlPlane(controlPlane).start();
        http = HttpClients.viaProxy(client.outboundPort());
        EndToEnd.awaitRoute(client, "http://" + Mesh.host("web") + ":8080/");
    }

    @AfterAll
    static void stop() {
        client.close();
        webSidecar.close();
        web.close();
        controlPlane.close();
    }

    private static String stats() throws Exception {
        return HttpClients.get(HttpClient.newHttpClient(), client.adminUrl() + "/stats/prometheus").body();
    }

    @Test
    void noRouteIs404WithFlagNr() throws Exception {
        HttpResponse<String> r = HttpClients.get(http, "http://nowhere.example.com/");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(stats()).contains("response_code=\"404\",response_flags=\"NR\"")
                .contains("sutra_access_log_dropped_lines 0.0");
    }

    @Test
    void aServiceWithoutEndpointsIs503WithFlagUh() throws Exception {
        HttpResponse<String> r = HttpClients.get(http, "http://" + Mesh.host("empty") + ":8080/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("no healthy upstream");
        assertThat(stats()).contains("response_code=\"503\",response_flags=\"UH\"");
    }

    @Test
    void aRefusedConnectionIs503WithFlagUfAfterIstiosRetries() throws Exception {
        HttpResponse<String> r = HttpClients.get(http, "http://" + Mesh.host("dead") + ":8080/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("upstream connect error or disconnect/reset before headers. "
                + "reset reason: connection failure");
        // Istio's default policy retries connect failures twice before giving up (URX).
        assertThat(stats()).contains("response_code=\"503\",response_flags=\"URX\"")
                .containsPattern("sutra_upstream_connect_failures_total\\{cluster=\"outbound\\|8080\\|\\|dead[^}]*} 3");
    }

    @Test
    void aSlowUpstreamIs504WithFlagUt() throws Exception {
        HttpResponse<String> r = HttpClients.get(http, "http://" + Mesh.host("web") + ":8080/slow?ms=3000");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).isEqualTo("upstream request timeout");
        assertThat(stats()).contains("response_code=\"504\",response_flags=\"UT\"");
    }

    @Test
    void aClientThatLeavesIsCountedWithFlagDc() throws Exception {
        try (Socket s = new Socket("127.0.0.1", client.outboundPort())) {
            s.getOutputStream().write(("GET /slow?ms=2000 HTTP/1.1\r\nHost: " + Mesh.host("web")
                    + ":8080\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            Thread.sleep(100);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().contains("response_flags=\"DC\""));
    }
}
