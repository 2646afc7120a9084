package dev.sutra.proxy.accesslog;

import dev.sutra.proxy.config.Nullable;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An access log line format with Envoy's command operators ({@code %RESPONSE_CODE%},
 * {@code %REQ(X-REQUEST-ID)%}, {@code %REQ(X-ENVOY-ORIGINAL-PATH?:PATH):100%}, ...), compiled once.
 * An operator Sutra does not know is a config error naming it, never a silently empty field.
 * Missing values print as {@code -}, as in Envoy.
 */
public final class AccessLogFormat {

    /** Envoy's default format, used when a logger sets none. */
    public static final String ENVOY_DEFAULT = "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% "
            + "%PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% "
            + "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" "
            + "\"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\"\n";

    private static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final List<Function<AccessLogEntry, String>> parts;

    private AccessLogFormat(List<Function<AccessLogEntry, String>> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The line for {@code entry}. */
    public String format(AccessLogEntry entry) {
        StringBuilder out = new StringBuilder(256);
        for (Function<AccessLogEntry, String> part : parts) {
            out.append(part.apply(entry));
        }
        return out.toString();
    }

    /**
     * Compiles {@code format}.
     *
     * @throws IllegalArgumentException naming the first operator that is unknown or malformed
     */
    public static AccessLogFormat compile(String format) {
        List<Function<AccessLogEntry, String>> parts = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            int start = format.indexOf('%', i);
            if (start < 0) {
                String literal = format.substring(i);
                parts.add(e -> literal);
                break;
            }
            if (start > i) {
                String literal = format.substring(i, start);
                parts.add(e -> literal);
            }
            int end = operatorEnd(format, start);
            parts.add(operator(format.substring(start + 1, end)));
            i = end + 1;
        }
        return new AccessLogFormat(parts);
    }

    /** The index of the {@code %} closing the operator opened at {@code start}; parentheses may hold {@code %}. */
    private static int operatorEnd(String format, int start) {
        int depth = 0;
        for (int j = start + 1; j < format.length(); j++) {
            char c = format.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '%' && depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("unterminated command operator at offset " + start + ": "
                + format.substring(start, Math.min(format.length(), start + 40)));
    }

    private static Function<AccessLogEntry, String> operator(String op) {
        String name = op;
        String args = null;
        int maxLength = -1;
        int open = op.indexOf('(');
        if (open >= 0) {
            int close = op.lastIndexOf(')');
            if (close < open) {
                throw new IllegalArgumentException("malformed command operator %" + op + "%");
            }
            name = op.substring(0, open);
            args = op.substring(open + 1, close);
            String rest = op.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":") || !rest.substring(1).chars().allMatch(Character::isDigit) || rest.length() == 1) {
                    throw new IllegalArgumentException("malformed command operator %" + op + "%");
                }
                maxLength = Integer.parseInt(rest.substring(1));
            }
        }
        if (args != null && !name.equals("REQ") && !name.equals("RESP")) {
            throw new IllegalArgumentException("command operator %" + op + "% takes no argument in Sutra");
        }
        return switch (name) {
            case "START_TIME" -> e -> START_TIME.format(Instant.ofEpochMilli(e.startMillis()));
            case "PROTOCOL" -> AccessLogEntry::protocol;
            case "RESPONSE_CODE" -> e -> Integer.toString(e.status());
            case "RESPONSE_FLAGS" -> AccessLogEntry::flags;
            case "RESPONSE_CODE_DETAILS" -> AccessLogEntry::details;
            case "BYTES_RECEIVED" -> e -> Long.toString(e.bytesReceived());
            case "BYTES_SENT" -> e -> Long.toString(e.bytesSent());
            case "DURATION" -> e -> Long.toString(e.durationMillis());
            case "UPSTREAM_HOST" -> e -> orDash(e.upstreamHost());
            case "UPSTREAM_CLUSTER", "UPSTREAM_CLUSTER_RAW" -> e -> orDash(e.upstreamCluster());
            case "ROUTE_NAME" -> e -> orDash(e.routeName());
            case "DOWNSTREAM_LOCAL_ADDRESS" -> AccessLogEntry::downstreamLocal;
            case "DOWNSTREAM_REMOTE_ADDRESS", "DOWNSTREAM_PEER_ADDRESS" -> AccessLogEntry::downstreamRemote;
            // Known to Envoy and not tracked by Sutra yet: printed as Envoy prints an absent value.
            case "CONNECTION_TERMINATION_DETAILS", "UPSTREAM_TRANSPORT_FAILURE_REASON", "UPSTREAM_LOCAL_ADDRESS",
                    "REQUESTED_SERVER_NAME" -> e -> "-";
            case "REQ" -> header(op, args, maxLength, true);
            case "RESP" -> header(op, args, maxLength, false);
            default -> throw new IllegalArgumentException("unsupported command operator %" + op + "%");
        };
    }

    private static Function<AccessLogEntry, String> header(String op, @Nullable String args, int maxLength,
            boolean request) {
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("command operator %" + op + "% needs a header name");
        }
        int q = args.indexOf('?');
        String main = (q < 0 ? args : args.substring(0, q)).toLowerCase(Locale.ROOT);
        String alternative = q < 0 ? null : args.substring(q + 1).toLowerCase(Locale.ROOT);
        return e -> {
            String v = request ? requestValue(e, main) : responseValue(e, main);
            if (v == null && alternative != null) {
                v = request ? requestValue(e, alternative) : responseValue(e, alternative);
            }
            if (v == null) {
                return "-";
            }
            return maxLength >= 0 && v.length() > maxLength ? v.substring(0, maxLength) : v;
        };
    }

    private static @Nullable String requestValue(AccessLogEntry e, String name) {
        return switch (name) {
            case ":method" -> e.method();
            case ":path" -> e.path();
            case ":authority" -> {
                String host = e.requestHeaders().get("host");
                yield host != null ? host : e.requestHeaders().get(":authority");
            }
            case ":scheme" -> e.requestHeaders().get("x-forwarded-proto");
            default -> e.requestHeaders().get(name);
        };
    }

    private static @Nullable String responseValue(AccessLogEntry e, String name) {
        HttpHeaders h = e.responseHeaders();
        if (h == null) {
            return null;
        }
        return name.equals(":status") ? (e.status() == 0 ? null : Integer.toString(e.status())) : h.get(name);
    }

    private static String orDash(@Nullable String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
