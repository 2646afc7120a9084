package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;
import java.time.Duration;
import java.util.Map;

/**
 * Per-route settings for forwarding upstream, compiled from {@code RouteAction}.
 *
 * @param timeout the whole request's timeout: Envoy's 15 s when unset; {@link Duration#ZERO}
 *     means disabled
 * @param idleTimeout stream idle timeout; null to use the connection manager's, zero disables
 * @param maxStreamDuration {@code max_stream_duration.max_stream_duration}; null when unset, zero
 *     disables the connection manager's limit for this route
 * @param grpcTimeoutHeaderMax {@code max_stream_duration.grpc_timeout_header_max}: when non-null a
 *     {@code grpc-timeout} header is honoured, capped at this value (zero: not capped)
 * @param grpcTimeoutHeaderOffset subtracted from a honoured {@code grpc-timeout}; null when unset
 * @param retryPolicy the route's retry policy, else its virtual host's; null for no retries
 * @param pathRewrite {@code prefix_rewrite} or {@code regex_rewrite}
 * @param hostRewriteLiteral {@code host_rewrite_literal}; null when unset
 * @param appendXForwardedHost whether a host rewrite appends the old host to x-forwarded-host
 * @param clusterNotFoundStatus 503, or 404 when {@code cluster_not_found_response_code} says so
 * @param highPriority whether the route uses the cluster's HIGH priority resources
 * @param upgrades {@code upgrade_configs}: lower-case upgrade type to enabled
 */
public record Forwarding(
        Duration timeout,
        @Nullable Duration idleTimeout,
        @Nullable Duration maxStreamDuration,
        @Nullable Duration grpcTimeoutHeaderMax,
        @Nullable Duration grpcTimeoutHeaderOffset,
        @Nullable RetryPolicy retryPolicy,
        PathRewrite pathRewrite,
        @Nullable String hostRewriteLiteral,
        boolean appendXForwardedHost,
        int clusterNotFoundStatus,
        boolean highPriority,
        Map<String, Boolean> upgrades) {

    /** Envoy's default route timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public Forwarding {
        upgrades = Map.copyOf(upgrades);
    }

    /** Whether the route timeout is disabled (configured as 0). */
    public boolean timeoutDisabled() {
        return timeout.isZero();
    }
}
