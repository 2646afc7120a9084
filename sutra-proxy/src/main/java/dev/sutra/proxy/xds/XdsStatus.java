package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import dev.sutra.proxy.config.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The xDS client's state, for the admin page and readiness.
 *
 * @param controlPlane the control plane's {@code host:port}
 * @param connected whether an ADS stream to it is up
 * @param origin where the config in force came from
 * @param staleSince when the stale snapshot in force was received; null unless origin is
 *     {@link ConfigOrigin#STALE_SNAPSHOT}
 * @param types CDS, LDS, EDS and RDS, in that order
 */
public record XdsStatus(String controlPlane, boolean connected, ConfigOrigin origin, @Nullable Instant staleSince,
        List<TypeStatus> types) {

    public XdsStatus {
        requireNonNull(controlPlane, "controlPlane");
        requireNonNull(origin, "origin");
        types = List.copyOf(types);
    }

    /** The status of {@code typeUrl}, if the client subscribes to it. */
    public Optional<TypeStatus> type(String typeUrl) {
        return types.stream().filter(t -> t.typeUrl().equals(typeUrl)).findFirst();
    }
}
