package dev.sutra.proxy.http;

import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.config.Nullable;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.runtime.WorkerState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The end of a downstream HTTP pipeline: turns decoded requests into {@link ProxiedRequest}s.
 * One instance serves an HTTP/1.1 connection (requests one after another; pipelined ones wait) or
 * one HTTP/2 stream (one request, then the stream ends). Sits after the HTTP/1.1 codec, or after
 * the HTTP/2 stream-to-HTTP-object codec, so both look the same here.
 */
final class DownstreamHandler extends ChannelInboundHandlerAdapter implements Downstream {

    private final ProxyRuntime runtime;
    /** The listener's latest HTTP settings, read at each new request. */
    private final Supplier<ListenerChain.Http> chains;
    /** The settings the request in progress started with. */
    private ListenerChain.Http chain;
    private final boolean inbound;
    private final boolean http2;
    private final String scheme;
    private ChannelHandlerContext ctx;
    private WorkerState worker;
    private @Nullable ProxiedRequest current;
    /** HTTP/1.1 messages that arrived (pipelined) while a request was still being answered. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>(0);

    DownstreamHandler(ProxyRuntime runtime, Supplier<ListenerChain.Http> chains, boolean inbound, boolean http2,
            String scheme) {
        this.runtime = runtime;
        this.chains = chains;
        this.chain = chains.get();
        this.inbound = inbound;
        this.http2 = http2;
        this.scheme = scheme;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.worker = runtime.worker(ctx.channel().eventLoop());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (current != null && current.requestComplete() && msg instanceof HttpRequest) {
            pending.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (!pending.isEmpty()) {
            pending.add(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                malformed(request.decoderResult().cause());
                return;
            }
            HttpRequest head = request;
            LastHttpContent body = null;
            if (msg instanceof FullHttpRequest full) {
                head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
                body = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
            }
            // A listener update reaches open connections at their next request, as the routes do.
            chain = chains.get();
            ProxiedRequest r = new ProxiedRequest(this, head, body != null && !body.content().isReadable()
                    && body.trailingHeaders().isEmpty());
            current = r;
            r.start();
            if (body != null) {
                r.onRequestContent(body);
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            ProxiedRequest r = current;
            if (r == null || r.isDone() && r.requestComplete()) {
                content.release();
                return;
            }
            if (content.decoderResult().isFailure()) {
                content.release();
                r.malformedBody(content.decoderResult().cause());
                return;
            }
            r.onRequestContent(content);
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    /** A request the decoder could not read: 431 for oversized headers, else 400; then close. */
    private void malformed(Throwable cause) {
        int status = cause instanceof TooLongHttpHeaderException ? 431
                : cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongFrameException ? 431 : 400;
        runtime.stats().request(inbound, status, dev.sutra.proxy.stats.ResponseFlag.DOWNSTREAM_PROTOCOL_ERROR);
        if (http2) {
            ctx.close();
            return;
        }
        LocalReply.sendAndClose(ctx, status, status == 400 ? "bad request" : "request header fields too large");
    }

    @Override
    public void requestFinished(ProxiedRequest request, boolean keepAlive) {
        if (current != request) {
            return;
        }
        current = null;
        if (http2) {
            return;
        }
        if (!keepAlive) {
            releasePending();
            return;
        }
        ctx.channel().config().setAutoRead(true);
        // Pipelined requests, in order: the next head waits until the request before it is done.
        while (!pending.isEmpty() && !(current != null && pending.peek() instanceof HttpRequest)) {
            dispatch(pending.poll());
        }
    }

    @Override
    public void upgraded() {
        ChannelPipeline p = ctx.pipeline();
        p.remove(this);
        HttpPipelines.removeHttp1(p);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.handler.codec.http.HttpServerUpgradeHandler.UpgradeEvent) {
            // The connection upgraded to h2c; its streams have their own handlers now.
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ProxiedRequest r = current;
        current = null;
        if (r != null) {
            r.downstreamGone();
        }
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.onDownstreamWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A transport error (reset by peer): the request ends as a downstream disconnect.
        ctx.close();
    }

    private void releasePending() {
        Object m;
        while ((m = pending.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public ProxyRuntime runtime() {
        return runtime;
    }

    @Override
    public WorkerState worker() {
        return worker;
    }

    @Override
    public ChannelHandlerContext ctx() {
        return ctx;
    }

    @Override
    public ListenerChain.Http chain() {
        return chain;
    }

    @Override
    public boolean inbound() {
        return inbound;
    }

    @Override
    public boolean http2() {
        return http2;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String remoteAddress() {
        var channel = http2 && ctx.channel().parent() != null ? ctx.channel().parent() : ctx.channel();
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
    }
}
