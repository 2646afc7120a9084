package dev.sutra.samples.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a sidecar's outbound listener in tests: an HTTP proxy that takes absolute-form
 * requests, routes them by host to 127.0.0.1 ports (round robin), and answers 503 "no healthy
 * upstream" as Envoy does when a host has no route or its backend is down. Remembers every request
 * it took, so tests can assert how apps call out.
 */
public final class ForwardingProxy implements AutoCloseable {

    /** A request as the proxy received it. */
    public record Seen(String method, URI target, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "upgrade",
            "expect", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, List<Integer>> routes = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private ForwardingProxy(HttpServer server) {
        this.server = server;
    }

    /** A proxy on a free port of 127.0.0.1. */
    public static ForwardingProxy start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ForwardingProxy proxy = new ForwardingProxy(server);
            server.createContext("/", proxy::forward);
            server.setExecutor(proxy.executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Sends requests for {@code host} to these ports on 127.0.0.1, replacing any earlier route. */
    public ForwardingProxy route(String host, int... ports) {
        routes.put(host, Arrays.stream(ports).boxed().toList());
        return this;
    }

    /** Holds requests for {@code host} this long before forwarding them. */
    public ForwardingProxy delay(String host, Duration delay) {
        delays.put(host, delay);
        return this;
    }

    /** Every request taken so far. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI target = exchange.getRequestURI();
            seen.add(new Seen(exchange.getRequestMethod(), target, Map.copyOf(exchange.getRequestHeaders())));
            String host = target.getHost();
            List<Integer> ports = host == null ? null : routes.get(host);
            if (ports == null || ports.isEmpty()) {
                reply(exchange, 503, "no healthy upstream");
                return;
            }
            Duration delay = delays.get(host);
            if (delay != null) {
                Thread.sleep(delay);
            }
            int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + target.getRawPath())).GET();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                reply(exchange, 503, "no healthy upstream");
                return;
            }
            exchange.getResponseHeaders().set("content-type",
                    response.headers().firstValue("content-type").orElse("text/plain"));
            reply(exchange, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.shutdownNow();
    }
}
