// Minimal Netty HTTP/1.1 origin server used only as a calibration point
// (JVM + Netty per-request cost vs nginx on the same core). Not a proxy.
// Usage (JDK source launcher, on the Netty 4.2 inside sutra.jar):
//   java -cp sutra.jar bench/NettyOrigin.java <port> <bodyBytes> <eventLoopThreads>
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.*;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.*;

import java.net.InetSocketAddress;
import java.util.Arrays;

public final class NettyOrigin {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int bodyBytes = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        ByteBuf content = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bodyBytes).writeBytes(body));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler(content));
                    }
                });
            b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel().closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    static final class Handler extends ChannelInboundHandlerAdapter {
        private final ByteBuf content;
        private boolean keepAlive = true;
        Handler(ByteBuf content) { this.content = content; }

        @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean last = msg instanceof LastHttpContent;
            if (msg instanceof HttpRequest) keepAlive = HttpUtil.isKeepAlive((HttpRequest) msg);
            io.netty.util.ReferenceCountUtil.release(msg);
            if (last) {
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        content.duplicate());
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                           .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
                ChannelFuture f = ctx.write(r);
                if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override public void channelReadComplete(ChannelHandlerContext ctx) { ctx.flush(); }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
    }
}
