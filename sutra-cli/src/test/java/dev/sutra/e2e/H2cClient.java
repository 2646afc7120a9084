package dev.sutra.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A minimal HTTP/2 prior-knowledge (h2c) client: one GET, its body, or what ended the stream. */
final class H2cClient {

    private H2cClient() {
    }

    static String get(int port, String authority, String path) throws Exception {
        Http2Headers headers = new DefaultHttp2Headers().method("GET").scheme("http").authority(authority).path(path);
        return exchange(port, headers);
    }

    /** Sends {@code headers} on a new stream; returns the body, or {@code RESET:<code>} if reset. */
    static String exchange(int port, Http2Headers headers) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                    new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            CompletableFuture<String> result = new CompletableFuture<>();
            StringBuilder body = new StringBuilder();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(ch).handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    try {
                        if (msg instanceof Http2DataFrame data) {
                            ByteBuf b = data.content();
                            body.append(b.toString(StandardCharsets.UTF_8));
                            if (data.isEndStream()) {
                                result.complete(body.toString());
                            }
                        } else if (msg instanceof Http2HeadersFrame h && h.isEndStream()) {
                            result.complete(body.toString());
                        } else if (msg instanceof Http2ResetFrame reset) {
                            result.complete("RESET:" + reset.errorCode());
                        }
                    } finally {
                        ReferenceCountUtil.release(msg);
                    }
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof Http2ResetFrame reset) {
                        result.complete("RESET:" + reset.errorCode());
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    result.complete(body.isEmpty() ? "CLOSED" : body.toString());
                }
            }).open().sync().getNow();
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true)).sync();
            String out = result.get(20, TimeUnit.SECONDS);
            ch.close().sync();
            return out;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
