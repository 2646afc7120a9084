package dev.sutra.xds;

import com.google.protobuf.Duration;
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

    /** Nanoseconds of a Go-style duration string. */
    public static long nanos(String value) {
        long total = 0;
        int i = 0;
        if (value.equals("0")) {
            return 0;
        }
        while (i < value.length()) {
            int start = i;
            while (i < value.length() && (Character.isDigit(value.charAt(i)) || value.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("duration: \"" + value + "\" (expected: e.g. 1s, 100ms, 1h30m)");
            }
            double amount = Double.parseDouble(value.substring(start, i));
            int unitStart = i;
            while (i < value.length() && Character.isLetter(value.charAt(i))) {
                i++;
            }
            String unit = value.substring(unitStart, i);
            long scale = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException(
                        "duration: \"" + value + "\" has unit \"" + unit + "\" (expected: ns, us, ms, s, m, h)");
            };
            total += Math.round(amount * scale);
        }
        return total;
    }

    public static Duration ofNanos(long nanos) {
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
    }

    public static Duration ofSeconds(long seconds) {
        return Duration.newBuilder().setSeconds(seconds).build();
    }
}
