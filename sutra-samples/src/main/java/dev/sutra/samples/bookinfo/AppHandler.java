package dev.sutra.samples.bookinfo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sutra.samples.stats.WindowRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one HTTP handler of an app: {@code GET /health} for readiness (not counted), anything else
 * goes to the service's {@link Endpoint} and is counted in the app's statistics. Paths are read the
 * same whether the request-target came in origin form or absolute form.
 */
final class AppHandler implements HttpHandler {

    private static final String HEALTH = "/health";

    private final String service;
    private final String version;
    private final Endpoint endpoint;
    private final WindowRecorder stats;

    AppHandler(String service, String version, Endpoint endpoint, WindowRecorder stats) {
        this.service = service;
        this.version = version;
        this.endpoint = endpoint;
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (HEALTH.equals(path)) {
                send(exchange, Reply.ok(Reply.body(service, version)));
                return;
            }
            Reply reply = reply(exchange, path);
            // Counted before the write: a client that hung up still cost us the request.
            stats.record(reply.status(), System.nanoTime() - start);
            send(exchange, reply);
        }
    }

    private Reply reply(HttpExchange exchange, String path) {
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("allow", "GET");
            return Reply.error(405, service, version, "method not allowed: " + exchange.getRequestMethod());
        }
        OptionalInt id = path == null ? OptionalInt.empty() : endpoint.productId(path);
        if (id.isEmpty()) {
            return Reply.error(404, service, version, "not found: " + path);
        }
        try {
            return endpoint.serve(id.getAsInt(), propagated(exchange.getRequestHeaders()));
        } catch (RuntimeException e) {
            return Reply.error(500, service, version, "internal error: " + e);
        }
    }

    private static Map<String, String> propagated(Headers headers) {
        Map<String, String> out = new HashMap<>(4);
        for (String name : Upstream.PROPAGATED) {
            String value = headers.getFirst(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
