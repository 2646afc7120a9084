package dev.sutra.proxy.upstream;

import dev.sutra.api.Nullable;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 connections to one upstream address, owned by one event loop (no locks): idle
 * keep-alive connections are reused most-recently-used first, new ones are opened on demand.
 */
final class Http1Pool {

    private final EventLoop loop;
    private final InetSocketAddress address;
    private final Connector connector;
    private final String cluster;
    private final @Nullable TlsSetup tls;
    private volatile UpstreamSettings settings;
    private final ArrayDeque<Http1Connection> idle = new ArrayDeque<>();
    private int open;
    private boolean draining;

    Http1Pool(EventLoop loop, InetSocketAddress address, Connector connector, String cluster,
            UpstreamSettings settings, @Nullable TlsSetup tls) {
        this.loop = loop;
        this.tls = tls;
        this.address = address;
        this.connector = connector;
        this.cluster = cluster;
        this.settings = settings;
    }

    int maxRequestsPerConnection() {
        return settings.maxRequestsPerConnection();
    }

    void update(UpstreamSettings next) {
        this.settings = next;
    }

    int open() {
        return open;
    }

    /** Hands {@code listener} a connection: an idle one now, or a new one once connected. */
    void acquire(UpstreamListener listener) {
        Http1Connection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isUsable()) {
                c.bind(listener);
                return;
            }
        }
        open++;
        ChannelFuture future = connector.connect(loop, address, (int) settings.connectTimeout().toMillis(), tls, ch -> {
            Http1Connection connection = new Http1Connection(this, ch);
            long idleSeconds = Math.max(1, settings.idleTimeout().toSeconds());
            ch.pipeline()
                    .addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS) {
                        @Override
                        protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, IdleStateEvent evt) {
                            if (idle.contains(connection)) {
                                ctx.close();
                            }
                        }
                    })
                    .addLast(new HttpClientCodec(new HttpDecoderConfig().setMaxHeaderSize(64 * 1024)
                            .setMaxInitialLineLength(16 * 1024), false, false))
                    .addLast(connection);
        });
        future.addListener(f -> {
            if (!f.isSuccess()) {
                open--;
                connector.stats().connectFailure(cluster);
                listener.onUpstreamFailure(UpstreamFailure.connect(Connector.describe(f.cause())));
                return;
            }
            Http1Connection connection = future.channel().pipeline().get(Http1Connection.class);
            if (tls == null) {
                connection.bind(listener);
                return;
            }
            tls.afterHandshake(future.channel(), false, peer -> {
                connector.stats().peer(cluster, peer, future.channel());
                connection.bind(listener);
            }, reason -> {
                connector.stats().connectFailure(cluster);
                listener.onUpstreamFailure(UpstreamFailure.connect(reason));
            });
        });
    }

    void release(Http1Connection connection) {
        if (draining) {
            connection.cancel();
            return;
        }
        idle.addFirst(connection);
    }

    void closed(Http1Connection connection) {
        open--;
        idle.remove(connection);
    }

    /** Closes idle connections, for an address that left the config; busy ones close when done. */
    void drain() {
        draining = true;
        Http1Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.cancel();
        }
    }

    InetSocketAddress address() {
        return address;
    }
}
