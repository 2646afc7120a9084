package dev.sutra.samples.bookinfo;

import dev.sutra.samples.internal.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How an app calls other services: by host name, through its sidecar's outbound port used as an
 * HTTP proxy, so every request leaves as {@code GET http://reviews.default.svc.cluster.local:9080/...}
 * (absolute form) and the sidecar routes it by Host. Calls never fail exceptionally: a failure
 * becomes an {@link UpstreamReply} the caller embeds.
 */
final class Upstream implements AutoCloseable {

    /**
     * Headers an app copies from the request it serves to the requests it makes, as every app in a
     * mesh must for tracing to join spans, and for routing on {@code end-user} to reach reviews.
     */
    static final List<String> PROPAGATED = List.of("end-user", "x-request-id", "traceparent",
            "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled",
            "x-b3-flags");

    /** Enough of an error body to name the cause (Envoy's "no healthy upstream"), no more. */
    private static final int MAX_ERROR_BODY = 80;

    private final Bookinfo topology;
    private final InetSocketAddress proxy;
    private final Duration timeout;
    private final HttpClient client;

    Upstream(Bookinfo topology, InetSocketAddress proxy, Duration timeout) {
        this.topology = topology;
        this.proxy = proxy;
        this.timeout = timeout;
        // HTTP/1.1 as a plain HTTP_PROXY client speaks it: the sidecar upgrades to h2 between peers.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(proxy))
                .connectTimeout(timeout)
                .build();
    }

    /** {@code GET path} on a service, with the propagated headers. */
    CompletableFuture<UpstreamReply> get(String service, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(topology.uri(service, path))
                .timeout(timeout)
                .header("accept", "application/json")
                .GET();
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> failure == null ? reply(service, response) : failed(failure));
    }

    private static UpstreamReply reply(String service, HttpResponse<String> response) {
        String body = response.body();
        if (response.statusCode() / 100 != 2) {
            String reason = "HTTP " + response.statusCode();
            String detail = body.strip().lines().findFirst().orElse("");
            if (!detail.isEmpty()) {
                reason += ": " + (detail.length() > MAX_ERROR_BODY ? detail.substring(0, MAX_ERROR_BODY) + "..." : detail);
            }
            return UpstreamReply.failed(reason);
        }
        try {
            return new UpstreamReply(true, Json.parseObject(body));
        } catch (IllegalArgumentException e) {
            return UpstreamReply.failed("invalid JSON from " + service);
        }
    }

    private UpstreamReply failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return UpstreamReply.failed(switch (cause) {
            case HttpTimeoutException t -> "timed out after " + timeout.toMillis() + " ms";
            case ConnectException c -> "cannot connect to the sidecar at " + hostPort(proxy);
            case IOException io -> "I/O error: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
            default -> "failed: " + cause;
        });
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ":" + address.getPort();
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
