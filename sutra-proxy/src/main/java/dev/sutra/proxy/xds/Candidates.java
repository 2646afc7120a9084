package dev.sutra.proxy.xds;

import com.google.protobuf.Any;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.xds.TypeUrls;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** How one response changes the accepted snapshot, by the xDS state-of-the-world rules. */
final class Candidates {

    private Candidates() {
    }

    /**
     * The accepted snapshot with {@code received} in place. CDS and LDS responses hold the whole
     * state, so a resource missing from them is removed. EDS and RDS responses may hold only some
     * resources: held ones they do not name stay, and ones the client did not subscribe to are
     * ignored (an empty EDS or RDS response changes nothing but the version). Finally EDS and RDS
     * resources no cluster or listener refers to any more are dropped: that is the only way state of
     * the world deletes them.
     *
     * @param subscribed the names subscribed for {@code typeUrl} when it is EDS or RDS
     */
    static XdsSnapshot next(XdsSnapshot accepted, String typeUrl, TypeResources received, Set<String> subscribed,
            Instant now) throws InvalidConfigException {
        XdsSnapshot candidate = switch (typeUrl) {
            case TypeUrls.CLUSTER, TypeUrls.LISTENER -> accepted.with(typeUrl, received);
            case TypeUrls.ENDPOINT, TypeUrls.ROUTE, TypeUrls.SECRET ->
                    accepted.with(typeUrl, merge(accepted.of(typeUrl), received, subscribed));
            default -> throw new IllegalArgumentException("typeUrl: " + typeUrl);
        };
        return prune(candidate).withReceivedAt(now);
    }

    private static TypeResources merge(TypeResources held, TypeResources received, Set<String> subscribed) {
        SortedMap<String, Any> merged = new TreeMap<>(held.resources());
        for (Map.Entry<String, Any> e : received.resources().entrySet()) {
            if (subscribed.contains(e.getKey())) {
                merged.put(e.getKey(), e.getValue());
            }
        }
        return new TypeResources(received.version(), merged);
    }

    /** Drops the EDS, RDS and SDS resources that no cluster or listener of {@code snapshot} names. */
    static XdsSnapshot prune(XdsSnapshot snapshot) throws InvalidConfigException {
        XdsSnapshot out = snapshot;
        for (String type : References.DEPENDENT) {
            out = retain(out, type, References.names(type, snapshot));
        }
        return out;
    }

    private static XdsSnapshot retain(XdsSnapshot snapshot, String typeUrl, Set<String> names) {
        TypeResources held = snapshot.of(typeUrl);
        if (names.containsAll(held.resources().keySet())) {
            return snapshot;
        }
        SortedMap<String, Any> kept = new TreeMap<>(held.resources());
        kept.keySet().retainAll(names);
        return snapshot.with(typeUrl, new TypeResources(held.version(), kept));
    }

    /** Whether two snapshots hold the same resources, whatever their versions. */
    static boolean sameResources(XdsSnapshot a, XdsSnapshot b) {
        for (String type : ResponseDecoder.TYPES) {
            if (!a.of(type).resources().equals(b.of(type).resources())) {
                return false;
            }
        }
        return true;
    }
}
