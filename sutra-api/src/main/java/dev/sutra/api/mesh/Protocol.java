package dev.sutra.api.mesh;

import java.util.Locale;

/**
 * The application protocol of a port, as Istio selects it: from the port's {@code protocol} or
 * {@code appProtocol}, else from its name ({@code http}, {@code http-web}, {@code grpc-api}: the part
 * before the first '-').
 */
public enum Protocol {
    HTTP, HTTP2, GRPC, GRPC_WEB, HTTPS, TLS, TCP, MONGO, REDIS, MYSQL, UDP, UNSUPPORTED;

    /** Parses an Istio protocol name case-insensitively; unknown names are {@link #UNSUPPORTED}. */
    public static Protocol parse(String name) {
        if (name == null || name.isEmpty()) {
            return UNSUPPORTED;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "http" -> HTTP;
            case "http2" -> HTTP2;
            case "grpc" -> GRPC;
            case "grpc-web" -> GRPC_WEB;
            case "https" -> HTTPS;
            case "tls" -> TLS;
            case "tcp" -> TCP;
            case "mongo" -> MONGO;
            case "redis" -> REDIS;
            case "mysql" -> MYSQL;
            case "udp" -> UDP;
            default -> UNSUPPORTED;
        };
    }

    /** The protocol a port name implies: {@code http-web} is HTTP, {@code grpc} is gRPC. */
    public static Protocol fromPortName(String portName) {
        if (portName == null) {
            return UNSUPPORTED;
        }
        Protocol whole = parse(portName);
        if (whole != UNSUPPORTED) {
            return whole;
        }
        int dash = portName.indexOf('-');
        return dash < 0 ? UNSUPPORTED : parse(portName.substring(0, dash));
    }

    /** Whether traffic on this port is HTTP of some version and goes through the HTTP connection manager. */
    public boolean isHttp() {
        return this == HTTP || this == HTTP2 || this == GRPC || this == GRPC_WEB;
    }

    /** Whether the application expects HTTP/2 (gRPC always does). */
    public boolean isHttp2() {
        return this == HTTP2 || this == GRPC;
    }
}
