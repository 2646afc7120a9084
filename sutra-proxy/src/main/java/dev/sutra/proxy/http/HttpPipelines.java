package dev.sutra.proxy.http;

import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.runtime.ProxyRuntime;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AsciiString;
import java.util.function.Supplier;

/**
 * Downstream pipelines of an HTTP listener. A plaintext connection may speak HTTP/1.1, HTTP/2 with
 * prior knowledge (h2c, what sidecars and gRPC clients send) or upgrade to h2c; the first bytes
 * decide. Every HTTP/2 stream gets its own child channel whose HTTP objects look like HTTP/1.1's,
 * so one {@link DownstreamHandler} serves both.
 */
public final class HttpPipelines {

    /** HTTP/2 hard cap on a header block; Envoy's 60 KiB limit is then checked per request. */
    private static final int HTTP2_MAX_HEADER_LIST = 128 * 1024;

    /** Frames to HTTP objects for every downstream stream: the codec is sharable, its state per stream. */
    private static final Http2StreamFrameToHttpObjectCodec STREAM_CODEC = new Http2StreamFrameToHttpObjectCodec(true);

    private HttpPipelines() {
    }

    /** Sets up a new plaintext downstream connection of an HTTP listener. */
    public static void initPlaintext(Channel ch, ProxyRuntime runtime, Supplier<ListenerChain.Http> chain,
            boolean inbound) {
        HttpServerCodec codec = http1Codec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(http2Codec(), http2Multiplex(runtime, chain, inbound, "http"))
                        : null, 64 * 1024);
        DownstreamHandler http1 = new DownstreamHandler(runtime, chain, inbound, false, "http");
        ChannelPipeline p = ch.pipeline();
        p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                // Prior knowledge: the connection preface came first; HTTP/1.1 handlers go.
                c.pipeline().addLast(flushConsolidation(), http2Codec(), http2Multiplex(runtime, chain, inbound, "http"));
                c.pipeline().remove(http1);
            }
        }));
        p.addLast(http1);
    }

    /**
     * Sets up a connection whose TLS handshake just finished: HTTP/2 when ALPN chose it, HTTP/1.1
     * otherwise (no cleartext upgrade inside TLS).
     */
    public static void initTls(Channel ch, ProxyRuntime runtime, Supplier<ListenerChain.Http> chain, boolean inbound,
            String alpn) {
        if ("h2".equals(alpn)) {
            ch.pipeline().addLast(flushConsolidation(), http2Codec(), http2Multiplex(runtime, chain, inbound, "https"));
        } else {
            ch.pipeline().addLast(http1Codec(), new DownstreamHandler(runtime, chain, inbound, false, "https"));
        }
    }

    /**
     * Goes below an HTTP/2 codec. Responses to a connection's streams are written when their
     * upstreams answer, outside this connection's reads, and each would flush on its own (one TLS
     * record and one write per response); this merges the flushes of one event-loop pass.
     */
    static FlushConsolidationHandler flushConsolidation() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }

    static HttpServerCodec http1Codec() {
        return new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(HttpLimits.MAX_INITIAL_LINE)
                .setMaxHeaderSize(HttpLimits.DECODER_MAX_HEADER_BYTES)
                .setMaxChunkSize(16 * 1024));
    }

    static Http2FrameCodec http2Codec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxHeaderListSize(HTTP2_MAX_HEADER_LIST)
                        .initialWindowSize(1024 * 1024)
                        .maxConcurrentStreams(2048))
                .validateHeaders(true)
                .build();
    }

    static Http2MultiplexHandler http2Multiplex(ProxyRuntime runtime, Supplier<ListenerChain.Http> chain,
            boolean inbound, String scheme) {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(STREAM_CODEC,
                        new DownstreamHandler(runtime, chain, inbound, true, scheme));
            }
        });
    }

    /** Removes the HTTP/1.1 handlers from a connection taken over by an upgraded protocol. */
    static void removeHttp1(ChannelPipeline p) {
        if (p.get(HttpServerUpgradeHandler.class) != null) {
            p.remove(HttpServerUpgradeHandler.class);
        }
        if (p.get(HttpServerCodec.class) != null) {
            p.remove(HttpServerCodec.class);
        }
    }
}
