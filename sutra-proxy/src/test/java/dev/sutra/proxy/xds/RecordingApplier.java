package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link ConfigApplier} that records what it accepts, and rejects what its rule says to, the way
 * the proxy's config compiler would: with an {@link InvalidConfigException}.
 */
final class RecordingApplier implements ConfigApplier {

    private final List<XdsSnapshot> applied = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile Function<XdsSnapshot, InvalidConfigException> rule = s -> null;

    @Override
    public void apply(XdsSnapshot candidate) throws InvalidConfigException {
        threads.add(Thread.currentThread());
        InvalidConfigException rejection = rule.apply(candidate);
        if (rejection != null) {
            throw rejection;
        }
        applied.add(candidate);
    }

    /** From now on, rejects a candidate when {@code rule} returns an exception for it. */
    void rejectWhen(Function<XdsSnapshot, InvalidConfigException> rule) {
        this.rule = rule;
    }

    void acceptAll() {
        this.rule = s -> null;
    }

    List<XdsSnapshot> applied() {
        return applied;
    }

    @Nullable XdsSnapshot last() {
        return applied.isEmpty() ? null : applied.get(applied.size() - 1);
    }

    /** The threads apply ran on. */
    List<Thread> threads() {
        return threads;
    }
}
