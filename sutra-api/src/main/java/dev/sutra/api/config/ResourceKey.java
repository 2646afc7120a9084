package dev.sutra.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/** What identifies a resource: its kind, namespace and name. */
public record ResourceKey(ConfigKind kind, String namespace, String name) implements Comparable<ResourceKey> {

    private static final Comparator<ResourceKey> ORDER = Comparator
            .comparing(ResourceKey::kind)
            .thenComparing(ResourceKey::namespace)
            .thenComparing(ResourceKey::name);

    public ResourceKey {
        requireNonNull(kind, "kind");
        requireNonNull(namespace, "namespace");
        requireNonNull(name, "name");
    }

    @Override
    public int compareTo(ResourceKey other) {
        return ORDER.compare(this, other);
    }

    /** {@code VirtualService default/reviews}. */
    @Override
    public String toString() {
        return kind.kind() + " " + namespace + "/" + name;
    }
}
