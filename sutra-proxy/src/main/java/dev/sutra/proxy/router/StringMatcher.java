package dev.sutra.proxy.router;

import com.google.re2j.Pattern;

/**
 * A compiled {@code envoy.type.matcher.v3.StringMatcher}: exact, prefix, suffix, contains (each
 * optionally ASCII case-insensitive) or an RE2 regular expression that must match the whole value.
 */
public sealed interface StringMatcher {

    /** Whether {@code value} matches. */
    boolean matches(String value);

    /** Equal to {@code value}. */
    record Exact(String value, boolean ignoreCase) implements StringMatcher {
        @Override
        public boolean matches(String v) {
            return v.length() == value.length() && Ascii.regionMatches(v, 0, value, ignoreCase);
        }
    }

    /** Starts with {@code prefix}. */
    record Prefix(String prefix, boolean ignoreCase) implements StringMatcher {
        @Override
        public boolean matches(String v) {
            return Ascii.regionMatches(v, 0, prefix, ignoreCase);
        }
    }

    /** Ends with {@code suffix}. */
    record Suffix(String suffix, boolean ignoreCase) implements StringMatcher {
        @Override
        public boolean matches(String v) {
            return Ascii.regionMatches(v, v.length() - suffix.length(), suffix, ignoreCase);
        }
    }

    /** Contains {@code substring}. */
    record Contains(String substring, boolean ignoreCase) implements StringMatcher {
        @Override
        public boolean matches(String v) {
            return Ascii.contains(v, substring, ignoreCase);
        }
    }

    /**
     * Matches the whole value, as RE2's {@code FullMatch} in Envoy; {@code ignore_case} has no
     * effect on regular expressions there either.
     */
    record Regex(Pattern pattern) implements StringMatcher {
        @Override
        public boolean matches(String v) {
            return pattern.matches(v);
        }
    }
}
