package dev.sutra.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Durations as people write them on command lines: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value.strip();
        int split = 0;
        while (split < v.length() && Character.isDigit(v.charAt(split))) {
            split++;
        }
        if (split == 0 || split == v.length()) {
            throw new CommandLine.TypeConversionException(
                    "\"" + value + "\" is not a duration (expected: a number and a unit, e.g. 500ms, 30s, 10m, 24h, 7d)");
        }
        long n = Long.parseLong(v.substring(0, split));
        return switch (v.substring(split)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new CommandLine.TypeConversionException("\"" + value
                    + "\" has unit \"" + v.substring(split) + "\" (expected: ms, s, m, h or d)");
        };
    }
}
