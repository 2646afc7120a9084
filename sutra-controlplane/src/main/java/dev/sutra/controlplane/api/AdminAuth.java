package dev.sutra.controlplane.api;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may change config. Config can reroute the whole mesh, so the API listens on loopback by
 * default, and a mutating call from any other address must carry the admin token
 * ({@code Authorization: Bearer <token>}). Reads need no token.
 */
final class AdminAuth {

    private final byte[] token;

    AdminAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Null when allowed, else why not. */
    String denial(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return null;
        }
        if (exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return null;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return "changing config from " + exchange.getRemoteAddress().getAddress().getHostAddress()
                    + " needs the admin token (Authorization: Bearer <token>)";
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token) ? null : "wrong admin token";
    }
}
