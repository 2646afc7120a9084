package dev.sutra.proxy.upstream;

import dev.sutra.api.Nullable;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.tls.SpiffeTrustManager;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * How an upstream connection is secured: the context, the server name, and who the peer must be.
 * Part of the pool key, so connections of another generation (before a certificate rotation) or
 * to another identity are never shared.
 *
 * @param context the TLS context
 * @param sni the server name to send; empty for none
 * @param peers the SPIFFE IDs a mesh peer may present (empty: any of the trust domain); unused for
 *     external servers
 * @param mesh whether this is mesh mTLS (peer identity checked) or TLS to an external server
 *     (host name checked against {@code sni})
 * @param generation the TLS generation the context belongs to
 */
public record TlsSetup(SslContext context, String sni, Set<String> peers, boolean mesh, long generation) {

    public TlsSetup {
        peers = Set.copyOf(peers);
    }

    /** The handler that goes first in a new upstream connection's pipeline. */
    public SslHandler newHandler(Channel ch, InetSocketAddress address) {
        SslHandler handler = sni.isEmpty() ? context.newHandler(ch.alloc())
                : context.newHandler(ch.alloc(), sni, address.getPort());
        if (!mesh && !sni.isEmpty()) {
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        return handler;
    }

    /**
     * Waits for the handshake of {@code ch}, checks the peer and (when {@code requireH2}) that ALPN
     * chose HTTP/2, then calls {@code ready} with the peer's identity (null for external servers),
     * or {@code failed} with why not.
     */
    public void afterHandshake(Channel ch, boolean requireH2, Consumer<SpiffeId> ready, Consumer<String> failed) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
                failed.accept("TLS handshake failed: " + rootMessage(f.cause()));
                return;
            }
            if (requireH2 && !"h2".equals(ssl.applicationProtocol())) {
                ch.close();
                failed.accept("TLS: the upstream did not negotiate h2 (ALPN " + ssl.applicationProtocol() + ")");
                return;
            }
            SpiffeId peer = null;
            if (mesh) {
                try {
                    SSLSession session = ssl.engine().getSession();
                    peer = SpiffeTrustManager.peerIdentity(session);
                } catch (Exception e) {
                    ch.close();
                    failed.accept("TLS: the upstream has no SPIFFE identity: " + e.getMessage());
                    return;
                }
                if (!peers.isEmpty() && !peers.contains(peer.uri())) {
                    ch.close();
                    failed.accept("TLS: upstream identity " + peer.uri() + " is not one of " + peers);
                    return;
                }
            }
            ready.accept(peer);
        });
    }

    static String rootMessage(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
