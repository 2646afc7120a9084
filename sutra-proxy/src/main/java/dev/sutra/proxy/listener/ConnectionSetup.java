package dev.sutra.proxy.listener;

import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.tls.SpiffeTrustManager;
import dev.sutra.proxy.config.CompiledListener;
import dev.sutra.proxy.config.FilterChainSpec;
import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.http.HttpPipelines;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.tcp.TcpProxyHandler;
import dev.sutra.proxy.tls.PeerIdentity;
import dev.sutra.proxy.tls.RefusalLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of every downstream connection: pick the listener's filter chain (TLS or plaintext;
 * when it has both, the first byte tells, as Envoy's TLS inspector does), terminate TLS and learn
 * the peer's SPIFFE ID, then hand the connection to HTTP or the TCP proxy.
 */
final class ConnectionSetup {

    private static final Logger log = LoggerFactory.getLogger(ConnectionSetup.class);
    private static final RefusalLog refusals = new RefusalLog(log);
    /** A TLS record starts with the handshake content type. */
    private static final int TLS_HANDSHAKE = 0x16;

    private ConnectionSetup() {
    }

    /**
     * @param current the listener's config, which LDS updates replace: the connection's filter chain
     *     is chosen from it now, and each HTTP request on the connection reads the chain's latest
     *     HTTP settings (access logs, headers, upgrades) from it
     */
    static void init(Channel ch, ProxyRuntime runtime, AtomicReference<CompiledListener> current) {
        CompiledListener listener = current.get();
        FilterChainSpec plain = listener.plaintextChain();
        FilterChainSpec tls = listener.tlsChain();
        if (tls == null) {
            install(ch, runtime, current, plain, "");
        } else if (plain == null) {
            secure(ch, runtime, current, tls);
        } else {
            ch.pipeline().addLast(new Sniffer(runtime, current, tls, plain));
        }
    }

    private static void install(Channel ch, ProxyRuntime runtime, AtomicReference<CompiledListener> current,
            FilterChainSpec spec, String alpn) {
        boolean inbound = current.get().inbound();
        switch (spec.chain()) {
            case ListenerChain.Http http -> {
                boolean tls = spec.tls() != null;
                Supplier<ListenerChain.Http> latest = () -> latestHttp(current.get(), tls, http);
                if (tls) {
                    HttpPipelines.initTls(ch, runtime, latest, inbound, alpn);
                } else {
                    HttpPipelines.initPlaintext(ch, runtime, latest, inbound);
                }
            }
            case ListenerChain.Tcp tcp -> {
                // TCP passes a half-close on; HTTP treats a client's FIN as the end.
                ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                ch.pipeline().addLast(new TcpProxyHandler(runtime, tcp));
            }
        }
    }

    /**
     * The HTTP settings of the same kind of chain (TLS or plaintext) in the listener's latest config;
     * {@code accepted} while the listener no longer has such an HTTP chain (the connection finishes
     * as it began).
     */
    private static ListenerChain.Http latestHttp(CompiledListener listener, boolean tls, ListenerChain.Http accepted) {
        FilterChainSpec spec = tls ? listener.tlsChain() : listener.plaintextChain();
        return spec != null && spec.chain() instanceof ListenerChain.Http http ? http : accepted;
    }

    private static void secure(Channel ch, ProxyRuntime runtime, AtomicReference<CompiledListener> current,
            FilterChainSpec spec) {
        CompiledListener listener = current.get();
        SslHandler ssl;
        try {
            ssl = runtime.tls().server(spec.tls()).newHandler(ch.alloc());
        } catch (SSLException e) {
            refusals.refused("inbound TLS on " + listener.name(), e.getMessage());
            ch.close();
            return;
        }
        ch.pipeline().addLast(ssl, new Handshake(runtime, current, spec, ssl));
    }

    /** Chooses the TLS or the plaintext chain by the first byte. */
    private static final class Sniffer extends ByteToMessageDecoder {
        private final ProxyRuntime runtime;
        private final AtomicReference<CompiledListener> current;
        private final FilterChainSpec tls;
        private final FilterChainSpec plain;

        Sniffer(ProxyRuntime runtime, AtomicReference<CompiledListener> current, FilterChainSpec tls,
                FilterChainSpec plain) {
            this.runtime = runtime;
            this.current = current;
            this.tls = tls;
            this.plain = plain;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!in.isReadable()) {
                return;
            }
            boolean isTls = in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE;
            if (isTls) {
                secure(ctx.channel(), runtime, current, tls);
            } else {
                install(ctx.channel(), runtime, current, plain, "");
            }
            // Removing a decoder hands what it buffered to the handlers just installed.
            ctx.pipeline().remove(this);
        }
    }

    /** Waits for the handshake, records the peer, then installs the chain for the negotiated protocol. */
    private static final class Handshake extends ChannelInboundHandlerAdapter {
        private final ProxyRuntime runtime;
        private final AtomicReference<CompiledListener> current;
        private final FilterChainSpec spec;
        private final SslHandler ssl;

        Handshake(ProxyRuntime runtime, AtomicReference<CompiledListener> current, FilterChainSpec spec,
                SslHandler ssl) {
            this.runtime = runtime;
            this.current = current;
            this.spec = spec;
            this.ssl = ssl;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof SslHandshakeCompletionEvent done)) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            if (!done.isSuccess()) {
                refusals.refused("inbound TLS from " + remote(ctx.channel()) + " on " + current.get().name(),
                        reason(done.cause()));
                ctx.close();
                return;
            }
            SSLSession session = ssl.engine().getSession();
            try {
                var chain = session.getPeerCertificates();
                SpiffeId id = SpiffeTrustManager.peerIdentity(session);
                ctx.channel().attr(PeerIdentity.KEY).set(PeerIdentity.of(id, (X509Certificate) chain[0],
                        session.getProtocol(), session.getCipherSuite()));
            } catch (Exception e) {
                // No client certificate (allowed when the chain does not require one).
            }
            ctx.pipeline().remove(this);
            install(ctx.channel(), runtime, current, spec, ssl.applicationProtocol());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Handshake failures also arrive here; the completion event reports them once.
            ctx.close();
        }
    }

    private static String remote(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }

    /** The innermost message, which says why (no certificate, unknown issuer, expired ...). */
    static String reason(Throwable cause) {
        Throwable t = cause;
        String message = t.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        if (message.contains("certificate_required") || message.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")
                || message.contains("Empty client certificate chain") || message.contains("null cert chain")) {
            return "no client certificate (" + message + ")";
        }
        if (message.contains("not an SSL/TLS record")) {
            return "plaintext where mutual TLS is required (" + message + ")";
        }
        return message;
    }
}
