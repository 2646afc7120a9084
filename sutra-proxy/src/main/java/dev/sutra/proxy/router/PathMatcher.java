package dev.sutra.proxy.router;

import com.google.re2j.Pattern;

/**
 * A route's path specifier. Every variant sees the path cut at {@code end}: before the query and
 * fragment (and before {@code ;} parameters when the route configuration says so), as Envoy's
 * path matchers do.
 */
sealed interface PathMatcher {

    boolean matches(String path, int end);

    /**
     * How much of the path a {@code prefix_rewrite} replaces: the configured prefix or path, or
     * {@link PathRewrite.Prefix#WHOLE_PATH} for a regular expression (Envoy's "matched path").
     */
    int matchedLength();

    record Prefix(String prefix, boolean ignoreCase) implements PathMatcher {
        @Override
        public boolean matches(String path, int end) {
            return prefix.length() <= end && Ascii.regionMatches(path, 0, prefix, ignoreCase);
        }

        @Override
        public int matchedLength() {
            return prefix.length();
        }
    }

    record Exact(String value, boolean ignoreCase) implements PathMatcher {
        @Override
        public boolean matches(String path, int end) {
            return end == value.length() && Ascii.regionMatches(path, 0, value, ignoreCase);
        }

        @Override
        public int matchedLength() {
            return value.length();
        }
    }

    /** {@code path_separated_prefix}: the prefix, then the end of the path or a {@code /}. */
    record SeparatedPrefix(String prefix, boolean ignoreCase) implements PathMatcher {
        @Override
        public boolean matches(String path, int end) {
            int n = prefix.length();
            return n <= end && Ascii.regionMatches(path, 0, prefix, ignoreCase)
                    && (n == end || path.charAt(n) == '/');
        }

        @Override
        public int matchedLength() {
            return prefix.length();
        }
    }

    /** {@code safe_regex}: RE2 full match; Envoy ignores {@code case_sensitive} for it. */
    record Regex(Pattern pattern) implements PathMatcher {
        @Override
        public boolean matches(String path, int end) {
            return pattern.matches(end == path.length() ? path : path.substring(0, end));
        }

        @Override
        public int matchedLength() {
            return PathRewrite.Prefix.WHOLE_PATH;
        }
    }

    /** Index of the first {@code ?} or {@code #}, or the length. */
    static int pathEnd(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return path.length();
    }
}
