package dev.sutra.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 application for tests, on Netty, answering as {@code name}:
 * <ul>
 *   <li>any path: {@code 200}, body lines {@code served-by=<name>}, {@code method=}, {@code path=}
 *       and {@code header:<name>=<value>} for every request header;</li>
 *   <li>{@code /slow?ms=N}: the same after N ms;</li>
 *   <li>{@code /status?code=N}: status N;</li>
 *   <li>{@code /upload}: counts the request body as it streams, answers {@code bytes=<n>};</li>
 *   <li>{@code /chunked?n=K}: a chunked response of K chunks;</li>
 *   <li>{@code /ws}: a WebSocket that echoes text frames prefixed with the name.</li>
 * </ul>
 * Every response carries {@code x-served-by}. Bodies are never aggregated.
 */
public final class HttpBackend implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;
    private final String name;
    private final AtomicLong requests = new AtomicLong();

    private HttpBackend(String name, EventLoopGroup group, Channel server) {
        this.name = name;
        this.group = group;
        this.server = server;
    }

    public static HttpBackend start(String name) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        HttpBackend[] self = new HttpBackend[1];
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerExpectContinueHandler(),
                                new Handler(name, self[0]));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        self[0] = new HttpBackend(name, group, server);
        return self[0];
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String name() {
        return name;
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<Object> {
        private final String name;
        private final HttpBackend backend;
        private HttpRequest request;
        private long uploaded;
        private WebSocketServerHandshaker websocket;

        Handler(String name, HttpBackend backend) {
            this.name = name;
            this.backend = backend;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame frame) {
                if (frame instanceof TextWebSocketFrame text) {
                    ctx.writeAndFlush(new TextWebSocketFrame(name + ":" + text.text()));
                } else if (frame instanceof io.netty.handler.codec.http.websocketx.CloseWebSocketFrame close) {
                    websocket.close(ctx.channel(), close.retain());
                }
                return;
            }
            if (msg instanceof HttpRequest r) {
                request = r;
                uploaded = 0;
                if (new QueryStringDecoder(r.uri()).path().equals("/ws")) {
                    websocket = new WebSocketServerHandshakerFactory("ws://" + r.headers().get("host") + "/ws", null,
                            false).newHandshaker(r);
                    websocket.handshake(ctx.channel(), r);
                    backend.requests.incrementAndGet();
                    request = null;
                    return;
                }
            }
            if (msg instanceof HttpContent c && request != null) {
                uploaded += c.content().readableBytes();
                if (c instanceof LastHttpContent) {
                    backend.requests.incrementAndGet();
                    respond(ctx, request, uploaded);
                    request = null;
                }
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpRequest r, long bytes) {
            QueryStringDecoder q = new QueryStringDecoder(r.uri());
            boolean keepAlive = HttpUtil.isKeepAlive(r);
            switch (q.path()) {
                case "/slow" -> ctx.executor().schedule(() -> send(ctx, r, 200, body(r), keepAlive),
                        Long.parseLong(param(q, "ms", "1000")), TimeUnit.MILLISECONDS);
                case "/status" -> send(ctx, r, Integer.parseInt(param(q, "code", "200")), body(r), keepAlive);
                case "/upload" -> send(ctx, r, 200, "served-by=" + name + "\nbytes=" + bytes + "\n", keepAlive);
                case "/chunked" -> chunked(ctx, Integer.parseInt(param(q, "n", "3")), keepAlive);
                default -> send(ctx, r, 200, body(r), keepAlive);
            }
        }

        private String body(HttpRequest r) {
            StringBuilder b = new StringBuilder("served-by=").append(name).append('\n')
                    .append("method=").append(r.method()).append('\n')
                    .append("path=").append(r.uri()).append('\n');
            for (Map.Entry<String, String> h : r.headers()) {
                b.append("header:").append(h.getKey().toLowerCase(java.util.Locale.ROOT)).append('=')
                        .append(h.getValue()).append('\n');
            }
            return b.toString();
        }

        private void send(ChannelHandlerContext ctx, HttpRequest r, int status, String text, boolean keepAlive) {
            ByteBuf content = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), content);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            response.headers().set("x-served-by", name);
            HttpUtil.setKeepAlive(response, keepAlive);
            var f = ctx.writeAndFlush(response);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void chunked(ChannelHandlerContext ctx, int n, boolean keepAlive) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setTransferEncodingChunked(head, true);
            head.headers().set("x-served-by", name);
            ctx.write(head);
            for (int i = 0; i < n; i++) {
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("chunk " + i + "\n", StandardCharsets.UTF_8)));
            }
            LastHttpContent last = new io.netty.handler.codec.http.DefaultLastHttpContent();
            last.trailingHeaders().set("x-trailer", "done");
            var f = ctx.writeAndFlush(last);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static String param(QueryStringDecoder q, String key, String fallback) {
            var values = q.parameters().get(key);
            return values == null || values.isEmpty() ? fallback : values.get(0);
        }
    }
}
