package dev.sutra.xds;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.mesh.Hostnames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resources by the hosts they apply to, answering which one applies to a host as Istio picks it:
 * an exact host beats a wildcard, a longer wildcard beats a shorter one, and among equals the
 * first added wins. Exact hosts are a map lookup: translation asks once per service and proxy
 * class, and a scan of every rule for each was most of a push with a thousand rules.
 *
 * @param <S> the resource's spec type
 */
final class HostTable<S> {

    private record Wildcard<S>(String pattern, ConfigResource<S> resource) {
    }

    private final Map<String, ConfigResource<S>> exact = new HashMap<>();
    private final List<Wildcard<S>> wildcards = new ArrayList<>();

    /** Adds {@code resource} for each of {@code hosts} (resolved names or wildcards). */
    void add(ConfigResource<S> resource, List<String> hosts) {
        for (String host : hosts) {
            if (Hostnames.isWildcard(host)) {
                wildcards.add(new Wildcard<>(host, resource));
            } else {
                exact.putIfAbsent(host, resource);
            }
        }
    }

    /** The resource that applies to {@code host}, if any. */
    Optional<ConfigResource<S>> find(String host) {
        ConfigResource<S> found = exact.get(host);
        if (found != null) {
            return Optional.of(found);
        }
        int bestLength = -1;
        for (Wildcard<S> w : wildcards) {
            if (w.pattern().length() > bestLength && Hostnames.matches(w.pattern(), host)) {
                found = w.resource();
                bestLength = w.pattern().length();
            }
        }
        return Optional.ofNullable(found);
    }
}
