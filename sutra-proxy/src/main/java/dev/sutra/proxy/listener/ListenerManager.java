package dev.sutra.proxy.listener;

import dev.sutra.proxy.config.CompiledListener;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.runtime.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds, keeps and closes listening sockets as LDS changes. A listener whose address stays keeps
 * its socket and its open connections; new connections get its new filter chain. A listener that
 * goes away stops accepting; its open connections finish what they are doing. A new listener that
 * cannot bind fails the whole update, so the proxy NACKs it.
 */
public final class ListenerManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ListenerManager.class);

    private final ProxyRuntime runtime;
    private final Map<String, Bound> bound = new HashMap<>();

    /** A listening socket and the listener config new connections get. */
    private record Bound(Channel channel, AtomicReference<CompiledListener> config) {
    }

    public ListenerManager(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Makes the bound sockets match {@code config}. Called on the xDS thread (binding blocks briefly,
     * never on an event loop). Binds new listeners first; on failure closes what it bound and throws.
     */
    public synchronized void apply(ProxyConfig config) throws InvalidConfigException {
        Map<String, Bound> created = new HashMap<>();
        for (CompiledListener l : config.listeners().values()) {
            Bound existing = bound.get(l.name());
            if (existing != null && existing.config().get().address().equals(l.address())) {
                continue;
            }
            try {
                created.put(l.name(), bind(l));
            } catch (InvalidConfigException e) {
                created.values().forEach(b -> b.channel().close());
                throw e;
            }
        }
        for (var it = bound.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            CompiledListener next = config.listeners().get(e.getKey());
            if (next == null || created.containsKey(e.getKey())) {
                e.getValue().channel().close();
                it.remove();
                log.info("listener {} on {} closed", e.getKey(), e.getValue().config().get().address());
            } else {
                e.getValue().config().set(next);
            }
        }
        for (var e : created.entrySet()) {
            bound.put(e.getKey(), e.getValue());
            log.info("listener {} listening on {}", e.getKey(), e.getValue().config().get().address());
        }
    }

    /** Binds {@code listener}'s address; a failure (address in use, say) is the listener's config error. */
    private Bound bind(CompiledListener listener) throws InvalidConfigException {
        AtomicReference<CompiledListener> current = new AtomicReference<>(listener);
        ChannelFuture binding = new ServerBootstrap()
                .group(runtime.group())
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        runtime.stats().downstreamOpened();
                        ch.closeFuture().addListener(f -> runtime.stats().downstreamClosed());
                        ConnectionSetup.init(ch, runtime, current);
                    }
                })
                .bind(listener.address())
                .awaitUninterruptibly();
        if (!binding.isSuccess()) {
            Throwable cause = binding.cause();
            InetSocketAddress address = listener.address();
            throw new InvalidConfigException("Listener", listener.name(), "address", "cannot bind "
                    + address.getHostString() + ":" + address.getPort() + ": "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }
        return new Bound(binding.channel(), current);
    }

    /** The addresses currently listening, by listener name (for the admin page and tests). */
    public synchronized Map<String, java.net.SocketAddress> addresses() {
        Map<String, java.net.SocketAddress> out = new HashMap<>();
        bound.forEach((name, b) -> out.put(name, b.channel().localAddress()));
        return out;
    }

    @Override
    public synchronized void close() {
        for (Bound b : List.copyOf(bound.values())) {
            b.channel().close().syncUninterruptibly();
        }
        bound.clear();
    }
}
