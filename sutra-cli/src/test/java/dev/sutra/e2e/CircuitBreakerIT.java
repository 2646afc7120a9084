package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.ProxyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DestinationRule's connection pool limits are circuit breakers in the client's sidecar, as in
 * Envoy: over {@code http2MaxRequests} requests in flight the next is refused at once with 503 and
 * flag UO; over {@code maxRetries} retries in flight a request is not retried.
 */
class CircuitBreakerIT {

    private static final String WEB = Mesh.host("web");

    @TempDir
    Path dir;

    private static String destinationRule(String http) {
        return Mesh.destinationRule("web", WEB, "trafficPolicy:\n  connectionPool:\n    http: {" + http + "}\n");
    }

    private static CompletableFuture<HttpResponse<String>> get(HttpClient http, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + WEB + ":8080" + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overMaxRequestsInFlightTheNextRequestIsRefusedWithFlagUo() throws Exception {
        try (WebMesh mesh = WebMesh.start(dir, destinationRule("http2MaxRequests: 1"))) {
            HttpBackend web = mesh.web;
            ProxyFixture client = mesh.client;
            HttpClient http = HttpClients.viaProxy(client.outboundPort());
            long before = web.requests();

            CompletableFuture<HttpResponse<String>> slow = get(http, "/slow?ms=3000");
            // The slow request is at the service, so it holds the only request slot.
            await().atMost(Duration.ofSeconds(10)).until(() -> web.requests() > before);
            HttpResponse<String> refused = get(http, "/r").join();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo(
                    "upstream connect error or disconnect/reset before headers. reset reason: overflow");
            assertThat(slow.join().statusCode()).isEqualTo(200);
            // The slot is free again once the slow request is done.
            assertThat(get(http, "/r").join().statusCode()).isEqualTo(200);
            assertThat(stats(client)).contains("direction=\"outbound\",response_code=\"503\",response_flags=\"UO\"")
                    .contains("sutra_upstream_overflows_total{breaker=\"max_requests\",cluster=\"outbound|8080||"
                            + WEB + "\"} 1.0");
        }
    }

    @Test
    void overMaxRetriesInFlightARequestIsNotRetried() throws Exception {
        String config = destinationRule("maxRetries: 1") + "---\n" + Mesh.virtualService("web", WEB, """
                - timeout: 10s
                  retries: {attempts: 4, perTryTimeout: 300ms, retryOn: 5xx}
                  route: [{destination: {host: %s}}]
                """.formatted(WEB));
        try (WebMesh mesh = WebMesh.start(dir, config)) {
            HttpBackend web = mesh.web;
            ProxyFixture client = mesh.client;
            HttpClient http = HttpClients.viaProxy(client.outboundPort());
            long before = web.requests();

            // Both first tries time out together; one request takes the only retry slot (and keeps it
            // for its four retries, over a second), the other is not retried: 5 + 1 attempts reach
            // the service instead of 10.
            List<HttpResponse<String>> responses = List.of(get(http, "/slow?ms=3000"), get(http, "/slow?ms=3000"))
                    .stream().map(CompletableFuture::join).toList();
            assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(504, 504);
            await().atMost(Duration.ofSeconds(5)).until(() -> web.requests() - before >= 6);
            Thread.sleep(500);
            assertThat(web.requests() - before).isEqualTo(6);
            assertThat(stats(client)).contains("sutra_upstream_overflows_total{breaker=\"max_retries\",cluster=\"outbound|8080||"
                    + WEB + "\"} 1.0");
        }
    }

    /** A control plane with {@code config}, the web service behind its sidecar, and a client sidecar routing to it. */
    private record WebMesh(ControlPlaneFixture controlPlane, HttpBackend web, ProxyFixture webSidecar,
            ProxyFixture client) implements AutoCloseable {

        static WebMesh start(Path dir, String config) throws Exception {
            ControlPlaneFixture controlPlane = ControlPlaneFixture.start(dir, config);
            HttpBackend web = HttpBackend.start("web-v1");
            ProxyFixture webSidecar = ProxyFixture.builder("web").servicePort("http", 8080, web.port()).noOutbound()
                    .controlPlane(controlPlane).start();
            ProxyFixture client = ProxyFixture.builder("client").controlPlane(controlPlane).start();
            EndToEnd.awaitRoute(client, "http://" + WEB + ":8080/");
            return new WebMesh(controlPlane, web, webSidecar, client);
        }

        @Override
        public void close() {
            client.close();
            webSidecar.close();
            web.close();
            controlPlane.close();
        }
    }

    private static String stats(ProxyFixture client) throws Exception {
        return HttpClients.get(HttpClient.newHttpClient(), client.adminUrl() + "/stats/prometheus").body();
    }
}
