package dev.sutra.controlplane.store;

import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ResourceKey;
import java.util.List;

/** The outcome of an apply: every resource applied, or nothing applied and why. */
public sealed interface ApplyResult {

    /** What happened to one resource, in kubectl's words. */
    enum Action {
        CREATED, CONFIGURED, UNCHANGED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Change(ResourceKey key, Action action) {
    }

    record Applied(List<Change> changes, long revision) implements ApplyResult {
        public Applied {
            changes = List.copyOf(changes);
        }
    }

    record Rejected(List<ConfigError> errors) implements ApplyResult {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }
}
