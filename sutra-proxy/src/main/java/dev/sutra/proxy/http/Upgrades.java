package dev.sutra.proxy.http;

import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.router.Forwarding;
import dev.sutra.proxy.upstream.UpstreamStream;
import dev.sutra.proxy.tcp.Relay;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;

/**
 * HTTP/1.1 protocol upgrades (WebSocket), as Envoy proxies them: allowed when the connection
 * manager's (or the route's) {@code upgrade_configs} name the type; the request goes on a
 * dedicated HTTP/1.1 upstream connection, and after {@code 101 Switching Protocols} both
 * connections become a byte relay.
 */
final class Upgrades {

    private Upgrades() {
    }

    static boolean isUpgrade(HttpRequest request) {
        if (!request.headers().contains(HttpHeaderNames.UPGRADE)) {
            return false;
        }
        for (String value : request.headers().getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                if (token.strip().equalsIgnoreCase("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean allowed(HttpRequest request, ListenerChain.Http chain, Forwarding forwarding) {
        String type = request.headers().get(HttpHeaderNames.UPGRADE).strip().toLowerCase(Locale.ROOT);
        Boolean route = forwarding.upgrades().get(type);
        return route != null ? route : chain.upgrades().contains(type);
    }

    /**
     * Joins the downstream and upstream connections once the 101 has been written downstream: the
     * relay goes in first, then both HTTP codecs come out, so bytes either codec still held (a
     * first WebSocket frame in the same packet as the handshake) reach the relay.
     */
    static void relay(Downstream downstream, UpstreamStream upstream) {
        upstream.takeOver(up -> {
            Relay.join(downstream.ctx().channel(), up);
            downstream.upgraded();
        });
    }
}
