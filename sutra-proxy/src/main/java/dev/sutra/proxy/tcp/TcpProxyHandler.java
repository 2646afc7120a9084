package dev.sutra.proxy.tcp;

import dev.sutra.proxy.cluster.Endpoint;
import dev.sutra.proxy.cluster.LoadBalancer;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.runtime.WorkerState;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's TCP proxy: on a new downstream connection, pick a host of the listener's cluster,
 * connect on the same event loop, and relay bytes both ways. Reading from the downstream waits
 * until the upstream is connected; a failed connect closes the downstream (there is no protocol
 * to say why in).
 */
public final class TcpProxyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TcpProxyHandler.class);

    private final ProxyRuntime runtime;
    private final ListenerChain.Tcp chain;
    private boolean started;

    public TcpProxyHandler(ProxyRuntime runtime, ListenerChain.Tcp chain) {
        this.runtime = runtime;
        this.chain = chain;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added after TLS or a protocol sniff, the connection is already active: start now.
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        Channel downstream = ctx.channel();
        downstream.config().setAutoRead(false);
        CompiledCluster cluster = runtime.config().clusters().get(chain.cluster());
        WorkerState worker = runtime.worker(downstream.eventLoop());
        LoadBalancer lb = cluster == null ? null : worker.balancer(cluster);
        Endpoint endpoint = lb == null ? null : lb.pick();
        if (endpoint == null) {
            log.debug("tcp {}: no healthy upstream in cluster {}", chain.statPrefix(), chain.cluster());
            ctx.close();
            return;
        }
        dev.sutra.proxy.upstream.TlsSetup tls;
        try {
            tls = worker.tlsSetup(cluster.tls().forEndpoint(endpoint));
        } catch (javax.net.ssl.SSLException e) {
            log.warn("tcp {}: TLS to {} is not available: {}", chain.statPrefix(), endpoint.address(), e.getMessage());
            ctx.close();
            return;
        }
        lb.onStart(endpoint);
        runtime.stats().tcpConnection(chain.cluster());
        new Bootstrap()
                .group(downstream.eventLoop())
                .channel(dev.sutra.proxy.runtime.Transports.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) cluster.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch, endpoint.socketAddress()));
                        }
                        runtime.stats().upstreamOpened();
                        ch.closeFuture().addListener(f -> {
                            runtime.stats().upstreamClosed();
                            lb.onEnd(endpoint);
                        });
                    }
                })
                .connect(endpoint.socketAddress())
                .addListener(f -> {
                    Channel upstream = ((io.netty.channel.ChannelFuture) f).channel();
                    if (f.isSuccess() && tls == null) {
                        ctx.pipeline().remove(this);
                        Relay.join(downstream, upstream);
                    } else if (f.isSuccess()) {
                        tls.afterHandshake(upstream, false, peer -> {
                            runtime.stats().peer(chain.cluster(), peer, upstream);
                            ctx.pipeline().remove(this);
                            Relay.join(downstream, upstream);
                        }, reason -> {
                            log.debug("tcp {}: {}", chain.statPrefix(), reason);
                            runtime.stats().connectFailure(chain.cluster());
                            ctx.close();
                        });
                    } else {
                        runtime.stats().connectFailure(chain.cluster());
                        lb.onEnd(endpoint);
                        ctx.close();
                    }
                });
    }
}
