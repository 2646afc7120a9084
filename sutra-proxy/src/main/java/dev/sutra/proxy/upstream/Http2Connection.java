package dev.sutra.proxy.upstream;

import dev.sutra.api.Nullable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;

/**
 * One multiplexed HTTP/2 upstream connection. Streams are opened on it until it closes or the peer
 * sends GOAWAY; then its pool opens a new one and this one drains.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

    /** Frames to HTTP objects for every upstream stream: the codec is sharable, its state per stream. */
    private static final Http2StreamFrameToHttpObjectCodec CODEC = new Http2StreamFrameToHttpObjectCodec(false);

    private final Http2Pool pool;
    private final Channel channel;
    private final Http2StreamChannelBootstrap streams;
    private boolean goingAway;
    /** The codec's connection state, kept so a request does not search the pipeline for it. */
    private @Nullable io.netty.handler.codec.http2.Http2Connection state;

    Http2Connection(Http2Pool pool, Channel channel) {
        this.pool = pool;
        this.channel = channel;
        this.streams = new Http2StreamChannelBootstrap(channel);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
        if (codec != null) {
            state = codec.connection();
            codec.connection().addListener(new io.netty.handler.codec.http2.Http2ConnectionAdapter() {
                @Override
                public void onStreamClosed(io.netty.handler.codec.http2.Http2Stream stream) {
                    // A draining connection closes with its last stream.
                    if (goingAway && codec.connection().numActiveStreams() == 0) {
                        channel.close();
                    }
                }
            });
        }
    }

    boolean canOpenStream() {
        if (goingAway || !channel.isActive()) {
            return false;
        }
        return state != null && state.local().canOpenStream();
    }

    /**
     * Opens a stream for {@code listener}; a stream that cannot open is a refused stream. Its
     * handlers go in once it is registered (nothing arrives on it before its request is written),
     * which spares a per-request {@code ChannelInitializer}; the codec is shared.
     */
    void open(UpstreamListener listener) {
        streams.open().addListener(f -> {
            if (f.isSuccess()) {
                Http2Stream stream = new Http2Stream(listener);
                ((Http2StreamChannel) f.getNow()).pipeline().addLast(CODEC, stream);
                listener.onUpstreamReady(stream);
            } else {
                listener.onUpstreamFailure(new UpstreamFailure(UpstreamFailure.Kind.REFUSED_STREAM,
                        "cannot open a stream: " + Connector.describe(f.cause())));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2GoAwayFrame) {
            goingAway = true;
            pool.goingAway(this);
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        goingAway = true;
        pool.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    void close() {
        goingAway = true;
        channel.close();
    }

    /** Closes the connection once its streams are done (GOAWAY to the peer, then close). */
    void drain() {
        goingAway = true;
        if (channel.pipeline().get(Http2FrameCodec.class) == null
                || channel.pipeline().get(Http2FrameCodec.class).connection().numActiveStreams() == 0) {
            channel.close();
        }
    }
}
