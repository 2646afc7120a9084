package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.Ports;
import dev.sutra.testkit.ProxyFixture;
import dev.sutra.testkit.TcpEchoServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebSocket upgrades and plain TCP through both sidecars. */
class WebSocketAndTcpIT {

    private static final int TCP_SERVICE_PORT = 6379;

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static HttpBackend web;
    private static TcpEchoServer tcp;
    private static ProxyFixture webSidecar;
    private static ProxyFixture tcpSidecar;
    private static ProxyFixture clientSidecar;
    private static int localTcpPort;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlaneFixture.start(dir, "");
        web = HttpBackend.start("web-v1");
        tcp = TcpEchoServer.start("store");
        webSidecar = ProxyFixture.builder("web").appPort("http", web.port()).noOutbound().controlPlane(controlPlane)
                .start();
        tcpSidecar = ProxyFixture.builder("store").servicePort("tcp", TCP_SERVICE_PORT, tcp.port()).noOutbound()
                .controlPlane(controlPlane).start();
        localTcpPort = Ports.free();
        clientSidecar = ProxyFixture.builder("client").upstream(Mesh.host("store"), TCP_SERVICE_PORT, localTcpPort)
                .controlPlane(controlPlane).start();
        EndToEnd.awaitRoute(clientSidecar, "http://" + Mesh.host("web") + ":" + web.port() + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        clientSidecar.close();
        tcpSidecar.close();
        webSidecar.close();
        tcp.close();
        web.close();
        controlPlane.close();
    }

    @Test
    void webSocketUpgradesAndEchoesBothWays() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try {
            URI uri = URI.create("ws://" + Mesh.host("web") + ":" + web.port() + "/ws");
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketClientProtocolHandler(uri, WebSocketVersion.V13, null, false,
                                            new DefaultHttpHeaders(), 65536),
                                    new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                            received.add(f.text());
                                        }

                                        @Override
                                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent
                                                    .HANDSHAKE_COMPLETE) {
                                                received.add("<open>");
                                            }
                                            ctx.fireUserEventTriggered(evt);
                                        }
                                    });
                        }
                    })
                    // The socket goes to the client's sidecar; the Host header names the service.
                    .connect("127.0.0.1", clientSidecar.outboundPort()).sync().channel();
            assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("<open>");
            for (int i = 0; i < 3; i++) {
                ch.writeAndFlush(new TextWebSocketFrame("frame " + i)).sync();
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("web-v1:frame " + i);
            }
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void tcpBytesPassThroughALocalUpstreamBind() throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", localTcpPort)) {
                s.setSoTimeout(5000);
                return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine().equals("hello from store");
            }
        });
        try (Socket s = new Socket("127.0.0.1", localTcpPort)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            assertThat(in.readLine()).isEqualTo("hello from store");
            for (int i = 0; i < 100; i++) {
                out.println("line " + i);
                assertThat(in.readLine()).isEqualTo("line " + i);
            }
            // Half-close: the server sees the end of input, echoes nothing more and closes.
            s.shutdownOutput();
            assertThat(in.readLine()).isNull();
        }
    }
}
