package dev.sutra.proxy.http;

import dev.sutra.proxy.config.Nullable;
import dev.sutra.proxy.router.ClusterWeight;
import dev.sutra.proxy.router.Forwarding;
import dev.sutra.proxy.router.Route;
import dev.sutra.proxy.runtime.WorkerState;
import dev.sutra.proxy.tls.PeerIdentity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.UUID;

/**
 * The request headers as they leave for the upstream, changed as Envoy changes them: hop-by-hop
 * headers dropped, {@code x-request-id} generated when missing, {@code x-forwarded-proto} set when
 * missing, {@code x-forwarded-for} appended only when the connection manager uses the remote
 * address (Istio's sidecars do not), then the route's rewrites and header mutations.
 */
final class RequestHeaders {

    static final String X_REQUEST_ID = "x-request-id";
    static final String X_FORWARDED_PROTO = "x-forwarded-proto";
    static final String X_FORWARDED_FOR = "x-forwarded-for";
    static final String X_FORWARDED_HOST = "x-forwarded-host";
    static final String X_FORWARDED_CLIENT_CERT = "x-forwarded-client-cert";

    private RequestHeaders() {
    }

    /**
     * A random (version 4) UUID from the loop's own generator. {@code UUID.randomUUID()} reads
     * {@code /dev/urandom} through a SecureRandom shared by every thread: file I/O and a lock on the
     * event loop. A request ID needs uniqueness, not secrecy; Envoy uses a plain generator as well.
     */
    static String requestId(WorkerState worker) {
        long msb = worker.nextRandom() & ~0xF000L | 0x4000L;
        long lsb = worker.nextRandom() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    static void prepare(HttpRequest request, Downstream downstream, Route route, @Nullable ClusterWeight weighted,
            Forwarding forwarding, boolean upgrade) {
        HttpHeaders h = request.headers();
        HopByHop.strip(h, upgrade);
        if (downstream.chain().generateRequestId() && !h.contains(X_REQUEST_ID)) {
            h.set(X_REQUEST_ID, requestId(downstream.worker()));
        }
        if (!h.contains(X_FORWARDED_PROTO)) {
            h.set(X_FORWARDED_PROTO, downstream.scheme());
        }
        String forward = downstream.chain().forwardClientCert();
        PeerIdentity peer = forward.isEmpty() ? null : PeerIdentity.of(downstream.ctx().channel());
        if (peer != null) {
            String element = peer.xfcc(downstream.runtime().tls().identity().identity().uri());
            String existing = h.get(X_FORWARDED_CLIENT_CERT);
            // APPEND_FORWARD keeps what earlier hops said; SANITIZE_SET keeps only this hop.
            h.set(X_FORWARDED_CLIENT_CERT, forward.equals("APPEND_FORWARD") && existing != null && !existing.isBlank()
                    ? existing + "," + element : element);
        } else if (forward.equals("SANITIZE_SET")) {
            h.remove(X_FORWARDED_CLIENT_CERT);
        }
        if (downstream.chain().useRemoteAddress()) {
            String xff = h.get(X_FORWARDED_FOR);
            h.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? downstream.remoteAddress()
                    : xff + ", " + downstream.remoteAddress());
        }
        String rewritten = forwarding.pathRewrite().rewrite(request.uri());
        if (rewritten != null) {
            request.setUri(rewritten);
        }
        String hostRewrite = weighted != null && weighted.hostRewriteLiteral() != null
                ? weighted.hostRewriteLiteral() : forwarding.hostRewriteLiteral();
        if (hostRewrite != null) {
            if (forwarding.appendXForwardedHost()) {
                String old = h.get(HttpHeaderNames.HOST);
                if (old != null) {
                    h.add(X_FORWARDED_HOST, old);
                }
            }
            h.set(HttpHeaderNames.HOST, hostRewrite);
        }
        NettyMutableHeaders mutable = new NettyMutableHeaders(h);
        if (weighted != null) {
            weighted.requestHeaders().apply(mutable);
        }
        route.requestHeaders().apply(mutable);
    }
}
