package dev.sutra.proxy.upstream;

import dev.sutra.api.Nullable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 upstream connection and the request it carries. It serves one request at a time;
 * when a response ends cleanly with keep-alive it goes back to its pool, otherwise it closes.
 * Sits last in the connection's pipeline, after {@code HttpClientCodec}.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter implements UpstreamStream {

    private final Http1Pool pool;
    private final Channel channel;
    private @Nullable UpstreamListener listener;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean reusable = true;
    private int served;

    Http1Connection(Http1Pool pool, Channel channel) {
        this.pool = pool;
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    boolean isUsable() {
        return channel.isActive() && reusable;
    }

    /** Starts carrying a request for {@code next}. */
    void bind(UpstreamListener next) {
        this.listener = next;
        this.requestComplete = false;
        this.responseStarted = false;
        this.served++;
        channel.config().setAutoRead(true);
        next.onUpstreamReady(this);
    }

    @Override
    public void write(HttpObject message) {
        if (message instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (message instanceof io.netty.handler.codec.http.HttpRequest request && !HttpUtil.isKeepAlive(request)) {
            reusable = false;
        }
        channel.writeAndFlush(message, channel.voidPromise());
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void setAutoRead(boolean autoRead) {
        channel.config().setAutoRead(autoRead);
    }

    @Override
    public void cancel() {
        listener = null;
        reusable = false;
        channel.close();
    }

    @Override
    public void takeOver(java.util.function.Consumer<Channel> install) {
        listener = null;
        reusable = false;
        install.accept(channel);
        channel.pipeline().remove(this);
        channel.pipeline().remove(io.netty.handler.codec.http.HttpClientCodec.class);
        if (channel.pipeline().get(io.netty.handler.timeout.IdleStateHandler.class) != null) {
            channel.pipeline().remove(io.netty.handler.timeout.IdleStateHandler.class);
        }
    }

    @Override
    public String describe() {
        return "HTTP/1.1 " + channel.remoteAddress();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l == null) {
            // Nothing asked for this (a late byte on an idle connection): it cannot be reused.
            ReferenceCountUtil.release(msg);
            reusable = false;
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                fail(responseStarted, "malformed response: " + head.decoderResult().cause().getMessage());
                return;
            }
            if (isInterim(head)) {
                // 1xx (other than 101) are interim: Netty decodes them with an empty body; skip both.
                ReferenceCountUtil.release(msg);
                return;
            }
            responseStarted = true;
            if (!HttpUtil.isKeepAlive(head)) {
                reusable = false;
            }
            l.onResponseHead(head);
        }
        if (msg instanceof HttpContent content) {
            if (!responseStarted) {
                // The empty body Netty decodes for an interim response.
                content.release();
                return;
            }
            boolean last = content instanceof LastHttpContent;
            if (content.decoderResult().isFailure()) {
                content.release();
                fail(true, "malformed response body: " + content.decoderResult().cause().getMessage());
                return;
            }
            if (last) {
                listener = null;
            }
            l.onResponseContent(content);
            if (last) {
                released();
            }
        }
    }

    private static boolean isInterim(HttpResponse head) {
        int code = head.status().code();
        return code >= 100 && code < 200 && code != 101;
    }

    /** The response ended: back to the pool if the request ended too and both sides keep alive. */
    private void released() {
        if (reusable && requestComplete && channel.isActive()
                && (pool.maxRequestsPerConnection() == 0 || served < pool.maxRequestsPerConnection())) {
            pool.release(this);
        } else {
            reusable = false;
            channel.close();
        }
    }

    private void fail(boolean started, String detail) {
        UpstreamListener l = listener;
        listener = null;
        reusable = false;
        channel.close();
        if (l != null) {
            l.onUpstreamFailure(new UpstreamFailure(started ? UpstreamFailure.Kind.RESET_AFTER_RESPONSE
                    : UpstreamFailure.Kind.RESET_BEFORE_RESPONSE, detail));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.closed(this);
        if (listener != null) {
            fail(responseStarted, "connection closed by upstream");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (listener != null) {
            fail(responseStarted, "upstream connection error: " + cause.getMessage());
        } else {
            ctx.close();
        }
    }
}
