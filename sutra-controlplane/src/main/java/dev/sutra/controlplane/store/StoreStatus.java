package dev.sutra.controlplane.store;

import dev.sutra.api.config.ConfigError;
import java.time.Instant;
import java.util.List;

/**
 * What operators see about config: the revision in force, when it was loaded, and the errors of the
 * last change that was refused (empty when the last change was good).
 */
public record StoreStatus(long revision, Instant loadedAt, int resources, List<ConfigError> rejected,
        Instant rejectedAt) {

    public StoreStatus {
        rejected = List.copyOf(rejected);
    }
}
