package dev.sutra.api.validate;

import dev.sutra.api.config.ConfigError;
import java.util.List;

/**
 * What validation found: errors, which reject the config, and warnings, which Istio's webhook
 * reports without rejecting.
 */
public record Validation(List<ConfigError> errors, List<ConfigError> warnings) {

    public Validation {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** Whether the config may be applied. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
