package dev.sutra.samples.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sutra.samples.stats.Window;
import dev.sutra.samples.testing.ForwardingProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver against a local server that answers productpage-shaped pages with known versions. */
class TrafficDriverTest {

    private static final String HOST = "productpage.default.svc.cluster.local";
    private static final URI PAGE = URI.create("http://" + HOST + ":9080/productpage");

    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger asJason = new AtomicInteger();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
    private ForwardingProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    @Test
    void sendsSteadyTrafficThroughTheProxyAndCountsVersions() throws Exception {
        startServer(n -> new Page(200, page(n % 2 == 0 ? "v1" : "v3", "")), Duration.ZERO);

        Window window;
        try (TrafficDriver driver = TrafficDriver.builder(PAGE).proxy(proxy.address()).rate(50).start()) {
            driver.stats().roll();
            Thread.sleep(1000);
            window = driver.stats().roll();
        }

        assertThat(window.requests()).isBetween(40L, 55L);
        assertThat(window.successes()).isEqualTo(window.requests());
        assertThat(window.versions().keySet()).containsExactly("v1", "v3");
        assertThat(window.versions().get("v1") - window.versions().get("v3")).isBetween(-2L, 2L);
        assertThat(window.upstreamErrors()).isEmpty();
        assertThat(window.latencyMillis(50)).isLessThan(100);
        assertThat(proxy.seen()).allSatisfy(seen -> assertThat(seen.target()).isEqualTo(PAGE));
    }

    @Test
    void countsFailuresAndTheUpstreamsPagesReportAsFailed() throws Exception {
        startServer(n -> switch (n % 4) {
            case 0 -> new Page(200, page("v2", ""));
            case 1 -> new Page(200, page("v2", "ratings"));
            case 2 -> new Page(200, "{\"details\":{\"error\":\"x\"},\"reviews\":{\"error\":\"timed out\"}}");
            default -> new Page(503, "no healthy upstream");
        }, Duration.ZERO);

        Window window = runFor(TrafficDriver.builder(PAGE).proxy(proxy.address()).rate(40), Duration.ofMillis(1000));

        long failures = window.requests() - window.successes();
        assertThat(window.requests()).isGreaterThan(30);
        assertThat(failures).isBetween(window.requests() / 4 - 2, window.requests() / 4 + 2);
        assertThat(window.versions()).containsOnlyKeys("v2");
        assertThat(window.upstreamErrors()).containsOnlyKeys("details", "ratings", "reviews");
        assertThat(window.upstreamErrors().get("ratings")).isCloseTo(window.versions().get("v2") / 2, within(2));
    }

    @Test
    void requestsBeyondTheInFlightLimitAreNotSentAndCountAsFailures() throws Exception {
        startServer(n -> new Page(200, page("v1", "")), Duration.ofSeconds(10));

        try (TrafficDriver driver = TrafficDriver.builder(PAGE).proxy(proxy.address()).rate(50).maxInFlight(2)
                .timeout(Duration.ofSeconds(30)).start()) {
            Thread.sleep(500);
            Window window = driver.stats().roll();

            assertThat(driver.inFlight()).isEqualTo(2);
            assertThat(window.requests()).isGreaterThan(15);
            assertThat(window.successes()).isZero();
            assertThat(window.timedRequests()).isZero();
        }
    }

    @Test
    void timedOutRequestsAreFailuresWithTheirLatency() throws Exception {
        startServer(n -> new Page(200, page("v1", "")), Duration.ofSeconds(10));

        Window window = runFor(TrafficDriver.builder(PAGE).proxy(proxy.address()).rate(20)
                .timeout(Duration.ofMillis(200)), Duration.ofMillis(800));

        assertThat(window.timedRequests()).isPositive();
        assertThat(window.successes()).isZero();
        assertThat(window.latencyMillis(50)).isBetween(190.0, 400.0);
    }

    @Test
    void sendsTheEndUserHeaderOnItsShareOfRequests() throws Exception {
        startServer(n -> new Page(200, page("v1", "")), Duration.ZERO);

        runFor(TrafficDriver.builder(PAGE).proxy(proxy.address()).rate(100).endUser("jason", 0.25),
                Duration.ofMillis(800));

        assertThat(served.get()).isGreaterThan(60);
        assertThat(asJason.get()).isBetween(served.get() / 4 - 1, served.get() / 4 + 1);
    }

    @Test
    void stopsSendingWhenClosed() throws Exception {
        startServer(n -> new Page(200, page("v1", "")), Duration.ZERO);
        TrafficDriver driver = TrafficDriver.builder(PAGE).proxy(proxy.address()).rate(100).start();
        Thread.sleep(300);

        driver.close();
        int afterClose = served.get();
        Thread.sleep(300);

        assertThat(afterClose).isPositive();
        assertThat(served.get()).isEqualTo(afterClose);
        driver.close();
    }

    @Test
    void sendsDirectlyWithoutAProxy() throws Exception {
        startServer(n -> new Page(200, page("v3", "")), Duration.ZERO);
        URI direct = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/productpage");

        Window window = runFor(TrafficDriver.builder(direct).rate(20), Duration.ofMillis(600));

        assertThat(window.versions()).containsOnlyKeys("v3");
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> TrafficDriver.builder(PAGE).rate(0)).hasMessage("rate: 0.0 (expected: > 0 and <= 100000)");
        assertThatThrownBy(() -> TrafficDriver.builder(PAGE).maxInFlight(0)).hasMessage("maxInFlight: 0 (expected: >= 1)");
        assertThatThrownBy(() -> TrafficDriver.builder(PAGE).endUser("jason", 1.5)).hasMessage("share: 1.5 (expected: 0 to 1)");
        assertThatThrownBy(() -> TrafficDriver.builder(PAGE).timeout(Duration.ZERO)).hasMessageStartingWith("timeout: PT0S");
    }

    private static Window runFor(TrafficDriver.Builder builder, Duration duration) throws InterruptedException {
        try (TrafficDriver driver = builder.start()) {
            Thread.sleep(duration);
            // Let answers due by now come in before the window closes.
            Thread.sleep(150);
            return driver.stats().roll();
        }
    }

    private record Page(int status, String body) {
    }

    private interface Pages {
        Page nth(int n);
    }

    private void startServer(Pages pages, Duration delay) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/productpage", exchange -> answer(exchange, pages, delay));
        server.start();
        proxy = ForwardingProxy.start().route(HOST, server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange, Pages pages, Duration delay) throws IOException {
        try (exchange) {
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            if ("jason".equals(exchange.getRequestHeaders().getFirst("end-user"))) {
                asJason.incrementAndGet();
            }
            Page page = pages.nth(served.getAndIncrement());
            byte[] body = page.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(page.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String page(String reviewsVersion, String failedRatings) {
        String ratings = failedRatings.isEmpty() ? "{\"service\":\"ratings\",\"version\":\"v1\"}" : "{\"error\":\"HTTP 503\"}";
        return "{\"service\":\"productpage\",\"version\":\"v1\",\"details\":{\"service\":\"details\"},"
                + "\"reviews\":{\"service\":\"reviews\",\"version\":\"" + reviewsVersion + "\",\"ratings\":" + ratings + "}}";
    }

    private static Offset<Long> within(long n) {
        return Offset.offset(n);
    }
}
