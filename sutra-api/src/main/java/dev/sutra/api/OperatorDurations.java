package dev.sutra.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations as operators write them on command lines and in API calls: a whole number and a unit
 * ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}) or ISO-8601 ({@code PT24H}).
 * Istio's own duration fields ({@code 1.5s}) are parsed where the config is translated.
 */
public final class OperatorDurations {

    private OperatorDurations() {
    }

    /** Parses {@code text}; a bad one is an {@link IllegalArgumentException} that says what is expected. */
    public static Duration parse(String text) {
        String v = text.strip();
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw invalid(text, "not an ISO-8601 duration");
            }
        }
        int split = 0;
        while (split < v.length() && Character.isDigit(v.charAt(split))) {
            split++;
        }
        if (split == 0 || split == v.length()) {
            throw invalid(text, "not a number and a unit");
        }
        long n;
        try {
            n = Long.parseLong(v.substring(0, split));
        } catch (NumberFormatException e) {
            throw invalid(text, "too large");
        }
        return switch (v.substring(split)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw invalid(text, "unit \"" + v.substring(split) + "\" is not ms, s, m, h or d");
        };
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration: " + why
                + " (expected e.g. 500ms, 30s, 10m, 24h, 7d, or ISO-8601 like PT24H)");
    }
}
