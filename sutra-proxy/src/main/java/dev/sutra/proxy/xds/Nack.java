package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A response the proxy rejected.
 *
 * @param version the rejected {@code version_info}
 * @param reason the error detail sent back, naming resource and field
 * @param at when it was rejected
 */
public record Nack(String version, String reason, Instant at) {

    public Nack {
        requireNonNull(version, "version");
        requireNonNull(reason, "reason");
        requireNonNull(at, "at");
    }
}
