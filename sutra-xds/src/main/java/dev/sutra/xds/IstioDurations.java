package dev.sutra.xds;

import com.google.protobuf.Duration;
import dev.sutra.api.validate.Durations;
import java.util.Optional;

/**
 * Istio's duration strings ({@code 10s}, {@code 1.5s}, {@code 100ms}, {@code 1h2m}, as Go's
 * {@code time.ParseDuration} reads them) to protobuf {@code Duration}s. Validation has already
 * rejected malformed values, so an unreadable value here is a bug and throws.
 */
public final class IstioDurations {

    private IstioDurations() {
    }

    /** The duration, or empty for null or blank. */
    public static Optional<Duration> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ofNanos(nanos(value.strip())));
    }

    /** Nanoseconds of a Go-style duration string, read as validation reads it. */
    public static long nanos(String value) {
        return Durations.parse(value).orElseThrow(() -> new IllegalArgumentException(
                "duration: \"" + value + "\" (expected: e.g. 1s, 100ms, 1h30m)")).toNanos();
    }

    public static Duration ofNanos(long nanos) {
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
    }

    public static Duration ofSeconds(long seconds) {
        return Duration.newBuilder().setSeconds(seconds).build();
    }
}
