package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import java.util.Locale;
import java.util.Set;

/** Port protocol names as Istio parses them (case-insensitive). */
final class Protocols {

    static final String EXPECTED = "one of HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, TLS, TCP, UDP, MONGO, MYSQL, REDIS";

    private static final Set<String> KNOWN = Set.of("http", "https", "http2", "grpc", "grpc-web", "http_proxy", "tls",
            "tcp", "udp", "mongo", "mysql", "redis");
    private static final Set<String> HTTP = Set.of("http", "http2", "grpc", "grpc-web", "http_proxy");
    private static final Set<String> TLS = Set.of("https", "tls");

    private Protocols() {
    }

    static boolean isKnown(@Nullable String protocol) {
        return protocol != null && KNOWN.contains(protocol.toLowerCase(Locale.ROOT));
    }

    static boolean isHttp(@Nullable String protocol) {
        return protocol != null && HTTP.contains(protocol.toLowerCase(Locale.ROOT));
    }

    static boolean isTls(@Nullable String protocol) {
        return protocol != null && TLS.contains(protocol.toLowerCase(Locale.ROOT));
    }
}
