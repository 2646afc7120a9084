package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import dev.sutra.api.mesh.MeshSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors and warnings found in one resource, in the order the validators found them. Every
 * reason reads "what is there (expected: what would be right)".
 */
final class Checks {

    private final ConfigResource<?> resource;
    private final MeshSettings settings;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();

    Checks(ConfigResource<?> resource, MeshSettings settings) {
        this.resource = resource;
        this.settings = settings;
    }

    /** The namespace of the resource, which short names and {@code "."} refer to. */
    String namespace() {
        return resource.namespace();
    }

    MeshSettings settings() {
        return settings;
    }

    ConfigResource<?> resource() {
        return resource;
    }

    /** {@code path} is wrong for {@code reason}. */
    void error(FieldPath path, String reason) {
        errors.add(resource.error(path, reason));
    }

    /**
     * {@code path} is accepted but likely wrong, as Istio's webhook warns without rejecting (so that
     * config it once accepted keeps applying).
     */
    void warn(FieldPath path, String reason) {
        warnings.add(resource.error(path, reason));
    }

    /** {@code path} is required but absent or empty. */
    void missing(FieldPath path, String expected) {
        error(path, "missing (expected: " + expected + ")");
    }

    /** {@code path} holds {@code value}, which is not {@code expected}. */
    void invalid(FieldPath path, @Nullable Object value, String expected) {
        error(path, show(value) + " (expected: " + expected + ")");
    }

    /** {@code path} is set together with {@code other}, which excludes it. */
    void conflict(FieldPath path, String other, String expected) {
        error(path, "set together with " + other + " (expected: " + expected + ")");
    }

    /** How many errors were found so far, to tell whether a check added one. */
    int count() {
        return errors.size();
    }

    List<ConfigError> errors() {
        return List.copyOf(errors);
    }

    List<ConfigError> warnings() {
        return List.copyOf(warnings);
    }

    /** A value as it would appear in YAML: strings quoted, so an empty or blank one is visible. */
    static String show(@Nullable Object value) {
        if (value instanceof String s) {
            StringBuilder out = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }
}
