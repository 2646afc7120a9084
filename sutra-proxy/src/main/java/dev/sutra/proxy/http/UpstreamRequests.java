package dev.sutra.proxy.http;

import dev.sutra.proxy.config.UpstreamProtocol;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The request head for one upstream attempt, framed for the upstream's protocol: a copy, so a
 * retry starts from the same prepared head. HTTP/1.1 needs chunked framing when the body's length
 * is unknown (an HTTP/2 request without content-length); HTTP/2 frames by itself.
 */
final class UpstreamRequests {

    private UpstreamRequests() {
    }

    static HttpRequest headFor(HttpRequest prepared, UpstreamProtocol protocol, boolean upgrade,
            boolean lengthUnknown) {
        HttpHeaders headers = prepared.headers().copy();
        HttpRequest out = new DefaultHttpRequest(HttpVersion.HTTP_1_1, prepared.method(), prepared.uri(), headers);
        if (protocol == UpstreamProtocol.HTTP1 && !upgrade) {
            headers.remove(HttpHeaderNames.CONNECTION);
            if (lengthUnknown && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                HttpUtil.setTransferEncodingChunked(out, true);
            }
        }
        return out;
    }

    /** The head of a request without a body, as one complete message. */
    static FullHttpRequest fullHeadFor(HttpRequest prepared, UpstreamProtocol protocol, boolean upgrade) {
        HttpHeaders headers = prepared.headers().copy();
        if (protocol == UpstreamProtocol.HTTP1 && !upgrade) {
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, prepared.method(), prepared.uri(),
                Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
    }
}
