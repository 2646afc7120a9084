package dev.sutra.proxy.upstream;

import java.time.Duration;

/**
 * What a pool needs from its cluster's config: how long to wait for a connection, how many
 * requests one connection may carry, how long an idle one is kept.
 */
public record UpstreamSettings(Duration connectTimeout, int maxRequestsPerConnection, Duration idleTimeout) {

    /** Envoy keeps idle upstream connections for an hour by default. */
    public static final Duration DEFAULT_IDLE = Duration.ofHours(1);
}
