package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import dev.sutra.xds.TypeUrls;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config in force and how it got there: the accepted snapshot, the EDS and RDS names it refers
 * to, which types the control plane has sent since start, and the last NACK per type. Candidates
 * pass through the {@link ConfigApplier} here, and what is accepted is persisted here.
 *
 * <p>Confined to the client thread, except {@link #snapshot()}, which any thread may read.
 */
final class AcceptedConfig {

    /** The subscribed types, in the order requests go out and status lists them. */
    static final List<String> TYPES = List.of(TypeUrls.CLUSTER, TypeUrls.LISTENER, TypeUrls.ENDPOINT, TypeUrls.ROUTE,
            TypeUrls.SECRET);

    private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

    private final ConfigApplier applier;
    private final @Nullable SnapshotStore store;
    private final Map<String, Instant> receivedFresh = new HashMap<>();
    private final Map<String, Nack> nacks = new HashMap<>();
    /** Types the control plane answered since start, accepted or rejected: their initial fetch is over. */
    private final Set<String> answered = new HashSet<>();
    private volatile XdsSnapshot snapshot = XdsSnapshot.empty();
    /** The names subscribed for each dependent type (EDS, RDS, SDS). */
    private Map<String, SortedSet<String>> names = Map.of();
    private ConfigOrigin origin = ConfigOrigin.NONE;
    private @Nullable Instant staleSince;
    private boolean applied;

    AcceptedConfig(ConfigApplier applier, @Nullable SnapshotStore store) {
        this.applier = applier;
        this.store = store;
    }

    XdsSnapshot snapshot() {
        return snapshot;
    }

    ConfigOrigin origin() {
        return origin;
    }

    /** The names to subscribe for EDS, RDS or SDS; empty for the wildcard types. */
    Set<String> subscribed(String typeUrl) {
        return names.getOrDefault(typeUrl, new TreeSet<>());
    }

    private static Map<String, SortedSet<String>> namesOf(XdsSnapshot snapshot) throws InvalidConfigException {
        Map<String, SortedSet<String>> out = new HashMap<>();
        for (String type : References.DEPENDENT) {
            out.put(type, References.names(type, snapshot));
        }
        return out;
    }

    /**
     * The version a request other than an ACK carries: the last one the control plane sent and the
     * proxy accepted. A type that came only from a stale snapshot gets an empty version, so that
     * the control plane sends it again and the proxy learns it is current.
     */
    String requestVersion(String typeUrl) {
        return receivedFresh.containsKey(typeUrl) ? snapshot.of(typeUrl).version() : "";
    }

    /**
     * Applies {@code candidate}, a response of {@code typeUrl} merged in, and makes it the config
     * in force. A candidate that holds the same resources as the config in force (a resent or
     * re-versioned response, a reconnect) is accepted without calling the applier again.
     *
     * @return whether the applier was called
     * @throws InvalidConfigException when the applier rejects it; nothing changes then
     */
    boolean accept(String typeUrl, XdsSnapshot candidate) throws InvalidConfigException {
        Map<String, SortedSet<String>> referenced = namesOf(candidate);
        boolean apply = !applied || !Candidates.sameResources(snapshot, candidate);
        if (apply) {
            applier.apply(candidate);
        }
        boolean changed = !candidate.types().equals(snapshot.types());
        install(candidate, referenced);
        receivedFresh.put(typeUrl, candidate.receivedAt());
        answered.add(typeUrl);
        if (origin == ConfigOrigin.NONE || origin == ConfigOrigin.STALE_SNAPSHOT && allFresh()) {
            origin = ConfigOrigin.CONTROL_PLANE;
            staleSince = null;
        }
        if (changed) {
            persist();
        }
        return apply;
    }

    void reject(String typeUrl, String version, String reason) {
        nacks.put(typeUrl, new Nack(version, reason, Instant.now()));
        answered.add(typeUrl);
    }

    /**
     * Applies a snapshot persisted by an earlier run; only before anything came from the control
     * plane.
     */
    void loadStale(XdsSnapshot persisted) throws InvalidConfigException {
        if (origin != ConfigOrigin.NONE) {
            throw new IllegalStateException("origin: " + origin + " (expected: NONE)");
        }
        Map<String, SortedSet<String>> referenced = namesOf(persisted);
        applier.apply(persisted);
        install(persisted, referenced);
        origin = ConfigOrigin.STALE_SNAPSHOT;
        staleSince = persisted.receivedAt();
    }

    private void install(XdsSnapshot next, Map<String, SortedSet<String>> referenced) {
        snapshot = next;
        names = referenced;
        applied = true;
    }

    /**
     * The control plane answered for clusters and listeners since start. A rejected answer counts,
     * as in Envoy, where a rejected initial update ends that type's initial fetch: a proxy whose
     * listener cannot bind still serves what it accepted rather than never becoming ready.
     */
    boolean hasRoots() {
        return answered.contains(TypeUrls.CLUSTER) && answered.contains(TypeUrls.LISTENER);
    }

    /** Clusters and listeners came from the control plane, and every EDS and RDS resource they name is held. */
    boolean complete() {
        return hasRoots() && missing().isEmpty();
    }

    /** {@code EDS [a, b]}, {@code RDS [c]}: subscribed names not held yet, for logs. */
    List<String> missing() {
        List<String> out = new ArrayList<>();
        for (String type : References.DEPENDENT) {
            SortedSet<String> absent = new TreeSet<>(subscribed(type));
            absent.removeAll(snapshot.of(type).resources().keySet());
            if (!absent.isEmpty()) {
                out.add(TypeUrls.shortName(type) + " " + absent);
            }
        }
        return out;
    }

    /** Every type in use was sent again by the control plane: a stale snapshot is fully replaced. */
    private boolean allFresh() {
        if (!receivedFresh.containsKey(TypeUrls.CLUSTER) || !receivedFresh.containsKey(TypeUrls.LISTENER)) {
            return false;
        }
        for (String type : References.DEPENDENT) {
            if (!subscribed(type).isEmpty() && !receivedFresh.containsKey(type)) {
                return false;
            }
        }
        return true;
    }

    @Nullable Instant staleSince() {
        return staleSince;
    }

    @Nullable Nack lastNack() {
        return nacks.values().stream().max(java.util.Comparator.comparing(Nack::at)).orElse(null);
    }

    List<TypeStatus> statuses() {
        List<TypeStatus> out = new ArrayList<>();
        for (String type : TYPES) {
            TypeResources held = snapshot.of(type);
            out.add(new TypeStatus(type, held.version(), held.resources().size(), receivedFresh.get(type),
                    nacks.get(type)));
        }
        return out;
    }

    /** Disk I/O on the client thread: never an event loop, and the next response can wait for it. */
    private void persist() {
        if (store == null) {
            return;
        }
        try {
            store.save(snapshot);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot persist the xDS snapshot to {}: {}", store.file(), e.toString());
        }
    }
}
