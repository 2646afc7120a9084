package dev.sutra.api.config;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * One Istio resource as Sutra holds it: its key, the API version it was written in, the bound
 * fabric8 object and its spec, and where it came from. The bound objects are mutable Java beans;
 * treat them as read-only once parsed.
 *
 * @param <S> the spec type shared by every version of the kind
 */
public record ConfigResource<S>(ResourceKey key, String apiVersion, HasMetadata object, S spec,
        ResourceSource source) {

    public ConfigResource {
        requireNonNull(key, "key");
        requireNonNull(apiVersion, "apiVersion");
        requireNonNull(object, "object");
        requireNonNull(spec, "spec");
        requireNonNull(source, "source");
    }

    public ConfigKind kind() {
        return key.kind();
    }

    public String namespace() {
        return key.namespace();
    }

    public String name() {
        return key.name();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** Where {@code path} sits in the source file. */
    public SourcePosition position(FieldPath path) {
        return source.position(path);
    }

    /** An error about {@code path} of this resource. */
    public ConfigError error(FieldPath path, String reason) {
        return new ConfigError(position(path), key, path.toString(), reason);
    }

    /** This resource with its spec seen as {@code type}; fails if the kind's spec is another type. */
    @SuppressWarnings("unchecked")
    public <T> ConfigResource<T> as(Class<T> type) {
        if (!type.isInstance(spec)) {
            throw new ClassCastException(key + " has a " + spec.getClass().getSimpleName() + " spec, not "
                    + type.getSimpleName());
        }
        return (ConfigResource<T>) this;
    }
}
