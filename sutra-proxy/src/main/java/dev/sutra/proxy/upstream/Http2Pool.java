package dev.sutra.proxy.upstream;

import dev.sutra.api.Nullable;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/2 to one upstream address from one event loop: a single multiplexed connection carries every
 * request, as between sidecars; a second one opens only when the first is full (the peer's
 * concurrent-stream limit) or going away. Requests that arrive while it connects wait for it.
 */
final class Http2Pool {

    /** Large windows so one connection carries many fast streams without stalling on flow control. */
    private static final int WINDOW = 1024 * 1024;

    private final EventLoop loop;
    private final InetSocketAddress address;
    private final Connector connector;
    private final String cluster;
    private final @Nullable TlsSetup tls;
    private volatile UpstreamSettings settings;
    private final List<Http2Connection> connections = new ArrayList<>();
    private @Nullable List<UpstreamListener> waiting;

    Http2Pool(EventLoop loop, InetSocketAddress address, Connector connector, String cluster, UpstreamSettings settings,
            @Nullable TlsSetup tls) {
        this.loop = loop;
        this.tls = tls;
        this.address = address;
        this.connector = connector;
        this.cluster = cluster;
        this.settings = settings;
    }

    void update(UpstreamSettings next) {
        this.settings = next;
    }

    int open() {
        return connections.size();
    }

    void acquire(UpstreamListener listener) {
        for (Http2Connection c : connections) {
            if (c.canOpenStream()) {
                c.open(listener);
                return;
            }
        }
        if (waiting != null) {
            waiting.add(listener);
            return;
        }
        waiting = new ArrayList<>();
        waiting.add(listener);
        ChannelFuture future = connector.connect(loop, address, (int) settings.connectTimeout().toMillis(), tls, ch -> {
            Http2Connection connection = new Http2Connection(this, ch);
            ch.pipeline().addLast(
                    // Requests of many downstream connections share this one: their flushes are
                    // merged into one per event-loop pass (one TLS record, one write) instead of one each.
                    new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                    Http2FrameCodecBuilder.forClient()
                            .initialSettings(Http2Settings.defaultSettings()
                                    .initialWindowSize(WINDOW)
                                    .maxHeaderListSize(128 * 1024))
                            .build(),
                    new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                    connection);
        });
        future.addListener(f -> {
            if (!f.isSuccess()) {
                failWaiting(Connector.describe(f.cause()));
                return;
            }
            if (tls == null) {
                connected(future.channel().pipeline().get(Http2Connection.class));
                return;
            }
            tls.afterHandshake(future.channel(), true, peer -> {
                connector.stats().peer(cluster, peer, future.channel());
                connected(future.channel().pipeline().get(Http2Connection.class));
            }, this::failWaiting);
        });
    }

    private void connected(Http2Connection connection) {
        List<UpstreamListener> ready = waiting;
        waiting = null;
        connections.add(connection);
        for (UpstreamListener l : ready) {
            connection.open(l);
        }
    }

    private void failWaiting(String reason) {
        List<UpstreamListener> ready = waiting;
        waiting = null;
        connector.stats().connectFailure(cluster);
        UpstreamFailure failure = UpstreamFailure.connect(reason);
        for (UpstreamListener l : ready) {
            l.onUpstreamFailure(failure);
        }
    }

    void goingAway(Http2Connection connection) {
        connections.remove(connection);
    }

    void closed(Http2Connection connection) {
        connections.remove(connection);
    }

    /** Lets every connection finish its streams and close: the address left the config. */
    void drain() {
        for (Http2Connection c : List.copyOf(connections)) {
            c.drain();
        }
        connections.clear();
    }

    InetSocketAddress address() {
        return address;
    }
}
