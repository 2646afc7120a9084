package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import dev.sutra.proxy.config.Nullable;
import java.time.Instant;

/**
 * Where the proxy stands for one resource type.
 *
 * @param typeUrl the type URL
 * @param version the version in force, empty when none
 * @param resources how many resources of the type are in force
 * @param acceptedAt when the control plane's last accepted response of this type arrived; null
 *     when none arrived since start (nothing yet, or only a stale snapshot)
 * @param lastNack the last response of this type the proxy rejected, null when none
 */
public record TypeStatus(String typeUrl, String version, int resources, @Nullable Instant acceptedAt,
        @Nullable Nack lastNack) {

    public TypeStatus {
        requireNonNull(typeUrl, "typeUrl");
        requireNonNull(version, "version");
    }
}
