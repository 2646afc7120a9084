package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the proxy holds from the control plane: resources by type URL, and when they were
 * received. Immutable.
 *
 * @param types the resources of each type by type URL ({@link dev.sutra.xds.TypeUrls})
 * @param receivedAt when the last of them arrived; {@link Instant#EPOCH} for the empty snapshot
 */
public record XdsSnapshot(Map<String, TypeResources> types, Instant receivedAt) {

    private static final XdsSnapshot EMPTY = new XdsSnapshot(Map.of(), Instant.EPOCH);

    public XdsSnapshot {
        types = Map.copyOf(types);
        requireNonNull(receivedAt, "receivedAt");
    }

    /** Nothing yet. */
    public static XdsSnapshot empty() {
        return EMPTY;
    }

    /** The resources of {@code typeUrl}, or {@link TypeResources#empty()} when none were received. */
    public TypeResources of(String typeUrl) {
        return types.getOrDefault(typeUrl, TypeResources.empty());
    }

    /** This snapshot with the resources of {@code typeUrl} replaced. */
    public XdsSnapshot with(String typeUrl, TypeResources resources) {
        requireNonNull(typeUrl, "typeUrl");
        requireNonNull(resources, "resources");
        Map<String, TypeResources> next = new HashMap<>(types);
        next.put(typeUrl, resources);
        return new XdsSnapshot(next, receivedAt);
    }

    /** This snapshot, received at {@code time}. */
    public XdsSnapshot withReceivedAt(Instant time) {
        requireNonNull(time, "time");
        return new XdsSnapshot(types, time);
    }
}
