package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The accepted resources of one type: its version and each resource by name (packed as received).
 *
 * @param version the {@code version_info} of the response they came in; empty before any
 * @param resources each resource by its name, in name order; unmodifiable
 */
public record TypeResources(String version, SortedMap<String, Any> resources) {

    private static final TypeResources EMPTY = new TypeResources("", Collections.emptySortedMap());

    public TypeResources {
        requireNonNull(version, "version");
        resources = Collections.unmodifiableSortedMap(new TreeMap<>(resources));
    }

    /** No version and no resources: a type the proxy has not received. */
    public static TypeResources empty() {
        return EMPTY;
    }
}
