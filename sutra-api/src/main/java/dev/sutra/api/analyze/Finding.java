package dev.sutra.api.analyze;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import dev.sutra.api.config.ResourceKey;
import dev.sutra.api.config.SourcePosition;
import java.util.Comparator;

/**
 * One thing analysis found, printed as {@code istioctl analyze} users read it, with the place first
 * so terminals and editors link it: {@code bookinfo.yaml:42: Error IST0101 VirtualService
 * bookinfo/reviews: spec.http[0].route[1].destination.subset: ...}.
 *
 * @param level how serious it is
 * @param code Istio's analyzer code where Istio has the same check ({@code IST0101}), else Sutra's
 *     own ({@code SUT0101})
 * @param message what is wrong, naming the resource and field, and what to do about it
 * @param position where in the source
 * @param resource the resource it is about, when there is one (a syntax error may have none)
 */
public record Finding(Level level, String code, String message, SourcePosition position, @Nullable ResourceKey resource)
        implements Comparable<Finding> {

    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.position.file())
            .thenComparingInt(f -> f.position.line())
            .thenComparingInt(f -> f.position.column())
            .thenComparing(Finding::level)
            .thenComparing(Finding::code)
            .thenComparing(Finding::message);

    /** How serious a finding is; the CLI exits non-zero on errors, and on warnings if asked to. */
    public enum Level {
        ERROR("Error"),
        WARNING("Warning"),
        INFO("Info");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        /** {@code Error}, {@code Warning} or {@code Info}, as istioctl prints it. */
        public String label() {
            return label;
        }
    }

    public Finding {
        requireNonNull(level, "level");
        requireNonNull(code, "code");
        requireNonNull(message, "message");
        requireNonNull(position, "position");
    }

    /** A finding of {@code type} about {@code path} of {@code resource}. */
    public static Finding of(FindingType type, ConfigResource<?> resource, FieldPath path, String detail) {
        String field = path.isRoot() ? "" : path + ": ";
        return new Finding(type.level(), type.code(), resource.key() + ": " + field + detail,
                resource.position(path), resource.key());
    }

    /** A parse or validation error (or warning) as a finding of {@code type}. */
    public static Finding of(FindingType type, ConfigError error) {
        StringBuilder message = new StringBuilder();
        if (error.resource() != null) {
            message.append(error.resource()).append(": ");
        }
        if (error.field() != null && !error.field().isEmpty()) {
            message.append(error.field()).append(": ");
        }
        message.append(error.reason());
        return new Finding(type.level(), type.code(), message.toString(), error.position(), error.resource());
    }

    /** {@code file:line: Level CODE message}. */
    @Override
    public String toString() {
        String where = position.line() > 0 ? position.file() + ":" + position.line() : position.file();
        return where + ": " + level.label() + " " + code + " " + message;
    }

    /** By file, line and column, then by level, code and message. */
    @Override
    public int compareTo(Finding other) {
        return ORDER.compare(this, other);
    }
}
