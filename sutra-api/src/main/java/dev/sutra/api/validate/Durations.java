package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Durations as Istio's resources write them. The CRDs check them with CEL's {@code duration()},
 * which reads Go's syntax: a signed sequence of decimal numbers, each with a unit ({@code ns},
 * {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), as in {@code 100ms},
 * {@code 1.5s} or {@code 1h30m}. Protobuf's JSON form ({@code "1.5s"}) is a subset of it.
 */
public final class Durations {

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final String EXPECTED = "a duration of at least 1ms in whole milliseconds, like 100ms, 1.5s or 2m";

    private Durations() {
    }

    /** Parses {@code text} as Istio reads a duration; empty if it is not one. */
    public static Optional<Duration> parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Long unit = UNIT_NANOS.get(s.substring(unitStart, i));
            if (unit == null) {
                return Optional.empty();
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        // Go truncates fractions of a nanosecond and rejects what does not fit in 64 bits.
        BigInteger nanos = total.toBigInteger();
        if (nanos.compareTo(MAX_NANOS) > 0) {
            return Optional.empty();
        }
        long value = nanos.longValueExact();
        return Optional.of(Duration.ofNanos(negative ? -value : value));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Istio's rule for every duration field: at least 1ms, whole milliseconds. */
    static void check(Checks checks, FieldPath path, @Nullable String value) {
        if (value == null) {
            return;
        }
        Optional<Duration> parsed = parse(value);
        if (parsed.isEmpty() || parsed.get().compareTo(Duration.ofMillis(1)) < 0
                || parsed.get().toNanos() % 1_000_000 != 0) {
            checks.invalid(path, value, EXPECTED);
        }
    }

    /** Like {@link #check}, but whole seconds, as Envoy's CORS max age is. */
    static void checkSeconds(Checks checks, FieldPath path, @Nullable String value) {
        if (value == null) {
            return;
        }
        Optional<Duration> parsed = parse(value);
        if (parsed.isEmpty() || parsed.get().compareTo(Duration.ofSeconds(1)) < 0 || parsed.get().getNano() != 0) {
            checks.invalid(path, value, "a duration in whole seconds, like 24h or 3600s");
        }
    }

    /** Like {@link #check}, but also accepts zero, which some fields use to switch a timeout off. */
    static void checkZeroOrMore(Checks checks, FieldPath path, @Nullable String value) {
        if (value != null && parse(value).filter(Duration::isZero).isEmpty()) {
            check(checks, path, value);
        }
    }
}
