package dev.sutra.proxy.upstream;

import dev.sutra.proxy.runtime.Transports;
import dev.sutra.api.Nullable;
import dev.sutra.proxy.stats.ProxyStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** Opens upstream TCP connections on a given event loop, so they share it with their downstream. */
public final class Connector {

    private final ProxyStats stats;

    public Connector(ProxyStats stats) {
        this.stats = stats;
    }

    ProxyStats stats() {
        return stats;
    }

    /** Connects; {@code init} sets up the pipeline of the new channel. */
    public ChannelFuture connect(EventLoop loop, InetSocketAddress address, int connectTimeoutMillis,
            Consumer<SocketChannel> init) {
        return connect(loop, address, connectTimeoutMillis, null, init);
    }

    /** Connects, with TLS first in the pipeline when {@code tls} is given. */
    public ChannelFuture connect(EventLoop loop, InetSocketAddress address, int connectTimeoutMillis,
            @Nullable TlsSetup tls, Consumer<SocketChannel> init) {
        return new Bootstrap()
                .group(loop)
                .channel(Transports.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        stats.upstreamOpened();
                        ch.closeFuture().addListener(f -> stats.upstreamClosed());
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch, address));
                        }
                        init.accept(ch);
                    }
                })
                .connect(address);
    }

    /** A connect failure in Envoy's words. */
    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
