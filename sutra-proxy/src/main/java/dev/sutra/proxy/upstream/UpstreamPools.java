package dev.sutra.proxy.upstream;

import dev.sutra.api.Nullable;
import dev.sutra.proxy.config.UpstreamProtocol;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The upstream connection pools of one event loop, by address and protocol. Only that loop touches
 * them, so they need no locks; an upstream connection always shares the loop of the downstream
 * request it serves.
 */
public final class UpstreamPools {

    private record Key(InetSocketAddress address, UpstreamProtocol protocol, @Nullable TlsSetup tls) {
    }

    private final EventLoop loop;
    private final Connector connector;
    private final Map<Key, Http1Pool> http1 = new HashMap<>();
    private final Map<Key, Http2Pool> http2 = new HashMap<>();

    public UpstreamPools(EventLoop loop, Connector connector) {
        this.loop = loop;
        this.connector = connector;
    }

    /** Hands {@code listener} a stream to {@code address}, now or once connected. */
    public void acquire(InetSocketAddress address, UpstreamProtocol protocol, String cluster,
            UpstreamSettings settings, @Nullable TlsSetup tls, UpstreamListener listener) {
        assert loop.inEventLoop();
        Key key = new Key(address, protocol, tls);
        if (protocol == UpstreamProtocol.HTTP2) {
            Http2Pool pool = http2.computeIfAbsent(key, k -> new Http2Pool(loop, address, connector, cluster, settings,
                    tls));
            pool.update(settings);
            pool.acquire(listener);
        } else {
            Http1Pool pool = http1.computeIfAbsent(key, k -> new Http1Pool(loop, address, connector, cluster, settings,
                    tls));
            pool.update(settings);
            pool.acquire(listener);
        }
    }

    /** A dedicated HTTP/1.1 connection, never pooled: for upgrades (WebSocket) that take it over. */
    public void dedicated(InetSocketAddress address, String cluster, UpstreamSettings settings, @Nullable TlsSetup tls,
            UpstreamListener listener) {
        new Http1Pool(loop, address, connector, cluster, settings, tls).acquire(listener);
    }

    /**
     * Recycles connections made with TLS of an older generation (before a certificate rotation or a
     * new trust bundle): idle ones close now, busy ones once their requests are done, long before
     * the old certificate expires. New requests open connections with the new certificate.
     */
    public void retireTlsBefore(long generation) {
        http1.entrySet().removeIf(e -> {
            TlsSetup t = e.getKey().tls();
            if (t != null && t.generation() < generation) {
                e.getValue().drain();
                return true;
            }
            return false;
        });
        http2.entrySet().removeIf(e -> {
            TlsSetup t = e.getKey().tls();
            if (t != null && t.generation() < generation) {
                e.getValue().drain();
                return true;
            }
            return false;
        });
    }

    /** Drains pools whose address is no longer an endpoint of any cluster. */
    public void retainOnly(Set<InetSocketAddress> live) {
        for (Iterator<Map.Entry<Key, Http1Pool>> it = http1.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!live.contains(e.getKey().address())) {
                e.getValue().drain();
                if (e.getValue().open() == 0) {
                    it.remove();
                }
            }
        }
        for (Iterator<Map.Entry<Key, Http2Pool>> it = http2.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!live.contains(e.getKey().address())) {
                e.getValue().drain();
                it.remove();
            }
        }
    }

    /** Open connections, for the admin page. */
    public int openConnections() {
        int n = 0;
        for (Http1Pool p : http1.values()) {
            n += p.open();
        }
        for (Http2Pool p : http2.values()) {
            n += p.open();
        }
        return n;
    }
}
