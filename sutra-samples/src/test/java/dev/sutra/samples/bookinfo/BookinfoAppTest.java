package dev.sutra.samples.bookinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sutra.samples.internal.Json;
import dev.sutra.samples.stats.Window;
import dev.sutra.samples.testing.ForwardingProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The apps over real sockets, wired through a {@link ForwardingProxy} standing in for each app's
 * sidecar: calls leave in absolute form by host name, and the proxy routes them by host.
 */
class BookinfoAppTest {

    private final Bookinfo bookinfo = Bookinfo.create();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ForwardingProxy proxy;
    private RunningBookinfo apps;

    @BeforeEach
    void start() {
        proxy = ForwardingProxy.start();
        apps = bookinfo.start(instance -> proxy.port());
        proxy.route(bookinfo.host("details"), apps.app("details", "v1").port())
                .route(bookinfo.host("ratings"), apps.app("ratings", "v1").port())
                .route(bookinfo.host("reviews"), apps.app("reviews", "v2").port());
    }

    @AfterEach
    void stop() {
        apps.close();
        proxy.close();
        client.shutdownNow();
    }

    @Test
    void productPageShowsDetailsAndTheReviewsVersionThatAnswered() throws Exception {
        Map<String, Object> page = getJson(apps.app("productpage", "v1"), "/productpage", 200);

        assertThat(page).containsEntry("service", "productpage").containsEntry("version", "v1");
        assertThat(object(page, "details")).containsEntry("service", "details").containsEntry("version", "v1")
                .containsEntry("author", "William Shakespeare");
        Map<String, Object> reviews = object(page, "reviews");
        assertThat(reviews).containsEntry("service", "reviews").containsEntry("version", "v2");
        assertThat(object(reviews, "ratings")).containsEntry("service", "ratings").containsEntry("version", "v1");
        assertThat(firstReview(reviews)).containsEntry("rating", Map.of("stars", 5L, "color", "black"));
    }

    @Test
    void reviewsV3ShowsRedStarsAndV1NoStarsWithoutCallingRatings() throws Exception {
        Map<String, Object> v3 = getJson(apps.app("reviews", "v3"), "/reviews/7", 200);
        assertThat(v3).containsEntry("id", 7L);
        assertThat(firstReview(v3)).containsEntry("rating", Map.of("stars", 5L, "color", "red"));

        int before = proxy.seen().size();
        Map<String, Object> v1 = getJson(apps.app("reviews", "v1"), "/reviews/7", 200);
        assertThat(v1).containsEntry("version", "v1").doesNotContainKey("ratings");
        assertThat(firstReview(v1)).doesNotContainKey("rating");
        assertThat(proxy.seen()).hasSize(before);
    }

    @Test
    void callsLeaveThroughTheSidecarInAbsoluteFormByHostName() throws Exception {
        getJson(apps.app("productpage", "v1"), "/productpage", 200);

        assertThat(proxy.seen()).extracting(ForwardingProxy.Seen::target).map(URI::toString).containsExactlyInAnyOrder(
                "http://details.default.svc.cluster.local:9080/details/0",
                "http://reviews.default.svc.cluster.local:9080/reviews/0",
                "http://ratings.default.svc.cluster.local:9080/ratings/0");
        assertThat(proxy.seen()).allSatisfy(seen -> {
            assertThat(seen.method()).isEqualTo("GET");
            assertThat(seen.header("host")).isEqualTo(seen.target().getHost() + ":9080");
        });
    }

    @Test
    void propagatesEndUserAndTraceHeadersDownTheCallChain() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(apps.app("productpage", "v1"), "/productpage"))
                .header("end-user", "jason").header("x-request-id", "req-1").header("x-other", "dropped").build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(Json.parseObject(response.body())).containsEntry("user", "jason");
        assertThat(proxy.seen()).hasSize(3).allSatisfy(seen -> {
            assertThat(seen.header("end-user")).isEqualTo("jason");
            assertThat(seen.header("x-request-id")).isEqualTo("req-1");
            assertThat(seen.header("x-other")).isNull();
        });
    }

    @Test
    void ratingsDownLeavesReviewsWithoutStarsAndSaysWhy() throws Exception {
        apps.app("ratings", "v1").close();

        Map<String, Object> page = getJson(apps.app("productpage", "v1"), "/productpage", 200);

        Map<String, Object> reviews = object(page, "reviews");
        assertThat(reviews).containsEntry("version", "v2");
        assertThat(object(reviews, "ratings")).isEqualTo(Map.of("error", "HTTP 503: no healthy upstream"));
        assertThat(firstReview(reviews)).doesNotContainKey("rating");
        assertThat(object(page, "details")).doesNotContainKey("error");
    }

    @Test
    void productPageAnswers200WithErrorsWhenItsSidecarIsDown() throws Exception {
        proxy.close();

        Map<String, Object> page = getJson(apps.app("productpage", "v1"), "/productpage", 200);

        String expected = "cannot connect to the sidecar at 127.0.0.1:" + proxy.port();
        assertThat(object(page, "details")).isEqualTo(Map.of("error", expected));
        assertThat(object(page, "reviews")).isEqualTo(Map.of("error", expected));
    }

    @Test
    void slowUpstreamsTimeOut() throws Exception {
        proxy.delay(bookinfo.host("details"), Duration.ofSeconds(5));
        try (BookinfoApp page = BookinfoApp.builder("productpage", "v1").outboundProxy(proxy.address())
                .upstreamTimeout(Duration.ofMillis(300)).start()) {

            Map<String, Object> body = getJson(page, "/productpage", 200);

            assertThat(object(body, "details")).isEqualTo(Map.of("error", "timed out after 300 ms"));
            assertThat(object(body, "reviews")).containsEntry("version", "v2");
        }
    }

    @Test
    void nonJsonAnswersFromUpstreamsAreErrors() throws Exception {
        HttpServer text = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        text.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        text.start();
        try {
            proxy.route(bookinfo.host("details"), text.getAddress().getPort());

            Map<String, Object> page = getJson(apps.app("productpage", "v1"), "/productpage", 200);

            assertThat(object(page, "details")).isEqualTo(Map.of("error", "invalid JSON from details"));
        } finally {
            text.stop(0);
        }
    }

    @Test
    void unknownPathsAndMethodsAreErrorsThatCount() throws Exception {
        BookinfoApp details = apps.app("details", "v1");
        details.stats().roll();

        Map<String, Object> notFound = getJson(details, "/reviews/0", 404);
        assertThat(notFound).containsEntry("service", "details").containsEntry("error", "not found: /reviews/0");
        getJson(details, "/details/abc", 404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri(details, "/details/0"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");

        Window window = details.stats().roll();
        assertThat(window.requests()).isEqualTo(3);
        assertThat(window.successes()).isZero();
    }

    @Test
    void countsServedRequestsButNotHealthChecks() throws Exception {
        BookinfoApp ratings = apps.app("ratings", "v1");
        ratings.stats().roll();

        getJson(ratings, "/health", 200);
        for (int i = 0; i < 5; i++) {
            getJson(ratings, "/ratings/" + i, 200);
        }

        Window window = ratings.stats().roll();
        assertThat(window.requests()).isEqualTo(5);
        assertThat(window.successes()).isEqualTo(5);
        assertThat(window.latencyMillis(99)).isPositive().isLessThan(1000);
    }

    @Test
    void answersAbsoluteFormRequestTargets() throws Exception {
        BookinfoApp ratings = apps.app("ratings", "v1");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ratings.port())) {
            socket.getOutputStream().write(("GET http://ratings.default.svc.cluster.local:9080/ratings/3 HTTP/1.1\r\n"
                    + "Host: ratings.default.svc.cluster.local:9080\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 200").contains("\"service\":\"ratings\"").contains("\"id\":3");
        }
    }

    @Test
    void reportsTheBoundPortOfEachInstance() {
        assertThat(apps.instances()).hasSize(6).allSatisfy(i -> assertThat(i.appPort()).isPositive());
        assertThat(apps.apps("reviews")).extracting(BookinfoApp::version).containsExactly("v1", "v2", "v3");
    }

    private Map<String, Object> getJson(BookinfoApp app, String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(app, path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return Json.parseObject(response.body());
    }

    private static URI uri(BookinfoApp app, String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstReview(Map<String, Object> reviews) {
        return (Map<String, Object>) ((List<Object>) reviews.get("reviews")).getFirst();
    }
}
