package dev.sutra.controlplane.store;

import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ResourceKey;
import java.util.function.Consumer;

/**
 * Where config lives and how it changes. Every change is all-or-nothing: a batch with any error
 * changes nothing and says why, and the last good config stays in force. Thread-safe.
 */
public interface ConfigStore extends AutoCloseable {

    /** The config in force. */
    ConfigSnapshot current();

    /** The state of the store: when config last loaded and what the last rejected change said. */
    StoreStatus status();

    /** Calls {@code listener} with every new snapshot, on the store's own thread. */
    void addListener(Consumer<ConfigSnapshot> listener);

    /**
     * Creates or replaces the resources the sources define, all of them or (on any error in any
     * source) none.
     */
    ApplyResult apply(java.util.List<SourceText> sources);

    /** {@link #apply(java.util.List)} of one source. */
    default ApplyResult apply(String source, String text) {
        return apply(java.util.List.of(new SourceText(source, text)));
    }

    /** Deletes one resource; false when there is no such resource. */
    boolean delete(ResourceKey key);

    @Override
    void close();
}
