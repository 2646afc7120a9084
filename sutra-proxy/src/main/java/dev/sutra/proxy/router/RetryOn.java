package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;

/** The conditions of {@code retry_on} (Envoy's {@code x-envoy-retry-on} and gRPC tokens). */
public enum RetryOn {
    FIVE_XX("5xx"),
    GATEWAY_ERROR("gateway-error"),
    RESET("reset"),
    RESET_BEFORE_REQUEST("reset-before-request"),
    CONNECT_FAILURE("connect-failure"),
    ENVOY_RATELIMITED("envoy-ratelimited"),
    RETRIABLE_4XX("retriable-4xx"),
    REFUSED_STREAM("refused-stream"),
    RETRIABLE_STATUS_CODES("retriable-status-codes"),
    RETRIABLE_HEADERS("retriable-headers"),
    HTTP3_POST_CONNECT_FAILURE("http3-post-connect-failure"),
    GRPC_CANCELLED("cancelled"),
    GRPC_DEADLINE_EXCEEDED("deadline-exceeded"),
    GRPC_INTERNAL("internal"),
    GRPC_RESOURCE_EXHAUSTED("resource-exhausted"),
    GRPC_UNAVAILABLE("unavailable");

    private final String token;

    RetryOn(String token) {
        this.token = token;
    }

    /** The token as written in {@code retry_on}. */
    public String token() {
        return token;
    }

    /** The condition for a token, or null for one Envoy does not know (it ignores those). */
    static @Nullable RetryOn forToken(String token) {
        for (RetryOn r : values()) {
            if (r.token.equals(token)) {
                return r;
            }
        }
        return null;
    }
}
