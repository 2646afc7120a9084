package dev.sutra.api.config;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.Nullable;

/**
 * One thing wrong with a config source, said so that a person can find and fix it:
 * {@code mesh.yaml:42:9: VirtualService default/reviews: spec.http[3].route[0].weight: -5
 * (expected: 0 to 100)}.
 *
 * @param position where in the source
 * @param resource the resource it belongs to, when the document got that far
 * @param field the field path in dotted form, when the error is about one field
 * @param reason what is wrong and, where it helps, what was expected
 */
public record ConfigError(SourcePosition position, @Nullable ResourceKey resource,
        @Nullable String field, String reason) {

    public ConfigError {
        requireNonNull(position, "position");
        requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(position).append(": ");
        if (resource != null) {
            out.append(resource).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            out.append(field).append(": ");
        }
        return out.append(reason).toString();
    }
}
