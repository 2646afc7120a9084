package dev.sutra.proxy.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Receives what one upstream attempt produces. Every call happens on the event loop that owns both
 * the downstream and the upstream connection, so implementations need no synchronization.
 */
public interface UpstreamListener {

    /** A stream is ready for the request. */
    void onUpstreamReady(UpstreamStream stream);

    /**
     * The response head. A {@code FullHttpResponse} is a complete response (an HTTP/2 HEADERS
     * frame with END_STREAM, such as gRPC's trailers-only answer): the listener then owns it and
     * no content follows.
     */
    void onResponseHead(HttpResponse head);

    /** Response content; the listener owns it and must release or forward it. */
    void onResponseContent(HttpContent content);

    /** The attempt failed; nothing more comes from this stream. */
    void onUpstreamFailure(UpstreamFailure failure);

    /** The stream became writable again (or not): flow control for the request body. */
    void onUpstreamWritabilityChanged(boolean writable);
}
