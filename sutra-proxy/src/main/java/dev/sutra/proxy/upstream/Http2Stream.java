package dev.sutra.proxy.upstream;

import dev.sutra.api.Nullable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One request on a multiplexed HTTP/2 upstream connection: a Netty stream child channel whose
 * pipeline converts HTTP/2 frames to HTTP objects ahead of this handler. The stream closes itself
 * when both sides have ended it; closing it early resets it.
 */
final class Http2Stream extends ChannelInboundHandlerAdapter implements UpstreamStream {

    private @Nullable UpstreamListener listener;
    private Channel channel;
    private boolean responseStarted;
    private boolean responseComplete;

    Http2Stream(UpstreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    public void write(HttpObject message) {
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
        // Closing a stream channel that has not ended sends RST_STREAM (CANCEL).
        channel.close();
    }

    @Override
    public void takeOver(java.util.function.Consumer<Channel> install) {
        throw new UnsupportedOperationException("upgrades use dedicated HTTP/1.1 connections");
    }

    @Override
    public String describe() {
        return "HTTP/2 " + (channel.parent() == null ? "?" : channel.parent().remoteAddress());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof FullHttpResponse full) {
            // HEADERS with END_STREAM: a trailers-only gRPC answer or an empty body. It stays one
            // message so it leaves downstream as one HEADERS frame with END_STREAM again.
            responseStarted = true;
            responseComplete = true;
            listener = null;
            l.onResponseHead(full);
            return;
        }
        if (msg instanceof HttpResponse head) {
            int code = head.status().code();
            if (code >= 100 && code < 200) {
                ReferenceCountUtil.release(msg);
                return;
            }
            responseStarted = true;
            l.onResponseHead(head);
            return;
        }
        if (msg instanceof HttpContent content) {
            if (content instanceof LastHttpContent) {
                responseComplete = true;
                listener = null;
            }
            l.onResponseContent(content);
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset) {
            failed(reset.errorCode() == Http2Error.REFUSED_STREAM.code()
                    ? UpstreamFailure.Kind.REFUSED_STREAM
                    : responseStarted ? UpstreamFailure.Kind.RESET_AFTER_RESPONSE
                    : UpstreamFailure.Kind.RESET_BEFORE_RESPONSE,
                    "stream reset by upstream: " + Http2Error.valueOf(reset.errorCode()));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!responseComplete) {
            failed(responseStarted ? UpstreamFailure.Kind.RESET_AFTER_RESPONSE
                    : UpstreamFailure.Kind.RESET_BEFORE_RESPONSE, "upstream stream closed");
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
        failed(responseStarted ? UpstreamFailure.Kind.RESET_AFTER_RESPONSE
                : UpstreamFailure.Kind.RESET_BEFORE_RESPONSE, "upstream stream error: " + cause.getMessage());
        ctx.close();
    }

    private void failed(UpstreamFailure.Kind kind, String detail) {
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.onUpstreamFailure(new UpstreamFailure(kind, detail));
        }
    }
}
