package dev.sutra.proxy.accesslog;

import dev.sutra.proxy.config.Nullable;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What one finished request leaves for its access log line, captured on the event loop and
 * formatted later on the writer thread. The header maps are the request's and response's own: the
 * proxy no longer touches them once the request is finished.
 *
 * @param startMillis when the request's head arrived (epoch milliseconds)
 * @param method the request method
 * @param path the request target as forwarded
 * @param protocol {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2}
 * @param status the response code sent, 0 when none was
 * @param flags Envoy's response flags ({@code -} when none)
 * @param details Envoy's response code details ({@code via_upstream}, {@code route_not_found}, ...)
 * @param bytesReceived request body bytes received
 * @param bytesSent response body bytes sent
 * @param durationMillis from the head's arrival to the end of the response
 * @param upstreamHost the last upstream host tried ({@code ip:port}), or null
 * @param upstreamCluster the route's cluster, or null
 * @param routeName the matched route's name, or null
 * @param downstreamLocal the listener's address the request came in on
 * @param downstreamRemote the client's address
 */
public record AccessLogEntry(long startMillis, String method, String path, String protocol, int status,
        String flags, String details, long bytesReceived, long bytesSent, long durationMillis,
        @Nullable String upstreamHost, @Nullable String upstreamCluster, @Nullable String routeName,
        String downstreamLocal, String downstreamRemote, HttpHeaders requestHeaders,
        @Nullable HttpHeaders responseHeaders) {
}
