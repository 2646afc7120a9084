package dev.sutra.controlplane.store;

import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigResource;
import java.util.Collection;
import java.util.List;

/** Validation of a whole candidate config: everything that must be true before it is applied. */
@FunctionalInterface
public interface ConfigCheck {

    List<ConfigError> check(Collection<ConfigResource<?>> candidate);
}
