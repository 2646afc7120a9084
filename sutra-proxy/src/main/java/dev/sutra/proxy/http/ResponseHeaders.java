package dev.sutra.proxy.http;

import dev.sutra.proxy.config.Nullable;
import dev.sutra.proxy.router.ClusterWeight;
import dev.sutra.proxy.router.Route;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The response head as it goes back downstream: hop-by-hop headers dropped, the route's response
 * mutations applied, and for HTTP/1.1 the framing redone (chunked when the length is unknown).
 */
final class ResponseHeaders {

    private ResponseHeaders() {
    }

    static HttpResponse forDownstream(HttpResponse upstream, @Nullable Route route, @Nullable ClusterWeight weighted,
            boolean http2, boolean keepAlive, boolean http10, HttpMethod method) {
        boolean switching = upstream.status().code() == 101;
        boolean chunked = HttpUtil.isTransferEncodingChunked(upstream);
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstream.status(), upstream.headers());
        HopByHop.strip(out.headers(), switching);
        NettyMutableHeaders mutable = new NettyMutableHeaders(out.headers());
        if (weighted != null) {
            weighted.responseHeaders().apply(mutable);
        }
        if (route != null) {
            route.responseHeaders().apply(mutable);
        }
        if (http2 || switching) {
            return out;
        }
        int code = upstream.status().code();
        boolean bodyless = method.equals(HttpMethod.HEAD) || code == 204 || code == 304 || code < 200;
        if (!bodyless && !out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            // HTTP/1.1 clients get chunks (trailers too); HTTP/1.0 ones a body that ends at close.
            if (!http10) {
                HttpUtil.setTransferEncodingChunked(out, true);
            }
        } else if (bodyless && chunked && method.equals(HttpMethod.HEAD)) {
            // A HEAD answer describes the GET's framing but carries no body.
            out.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return out;
    }

    /** A complete upstream response as one downstream message; takes over its content. */
    static FullHttpResponse complete(FullHttpResponse upstream, @Nullable Route route, @Nullable ClusterWeight weighted,
            boolean http2, boolean keepAlive, HttpMethod method) {
        HttpResponse head = forDownstream(upstream, route, weighted, true, keepAlive, false, method);
        if (!http2) {
            head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            if (!method.equals(HttpMethod.HEAD)) {
                head.headers().set(HttpHeaderNames.CONTENT_LENGTH, upstream.content().readableBytes());
            }
            if (!keepAlive) {
                head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, upstream.status(), upstream.content(), head.headers(),
                upstream.trailingHeaders());
    }
}
