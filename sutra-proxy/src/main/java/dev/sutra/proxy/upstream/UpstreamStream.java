package dev.sutra.proxy.upstream;

import io.netty.handler.codec.http.HttpObject;

/** One request in flight on an upstream connection, HTTP/1.1 or an HTTP/2 stream. */
public interface UpstreamStream {

    /** Writes (and flushes) part of the request; the stream takes ownership of {@code message}. */
    void write(HttpObject message);

    /** Whether more can be written without queueing (flow control). */
    boolean isWritable();

    /** Pauses or resumes reading the response, for downstream backpressure. */
    void setAutoRead(boolean autoRead);

    /**
     * Abandons the attempt: an HTTP/2 stream is reset, an HTTP/1.1 connection (whose response can
     * no longer be read to its end) is closed. No more listener calls follow.
     */
    void cancel();

    /**
     * Takes the connection over for a protocol upgrade (after 101 Switching Protocols):
     * {@code install} adds what handles the raw bytes, then the HTTP codec and this stream leave
     * the pipeline (bytes the codec still held flow on to the new handler). HTTP/1.1 only.
     */
    void takeOver(java.util.function.Consumer<io.netty.channel.Channel> install);

    /** A short description for logs: protocol and remote address. */
    String describe();
}
