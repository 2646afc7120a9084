package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;

/**
 * How a route rewrites {@code :path} before forwarding (or before building a redirect): nothing,
 * {@code prefix_rewrite} or {@code regex_rewrite}. Envoy allows only one of them per route.
 */
public sealed interface PathRewrite {

    /** The rewritten path, query kept; null when this rewrite leaves the path alone. */
    @Nullable
    String rewrite(String path);

    /** No rewrite. */
    record None() implements PathRewrite {
        /** The single instance. */
        public static final None INSTANCE = new None();

        @Override
        public @Nullable String rewrite(String path) {
            return null;
        }
    }

    /**
     * {@code prefix_rewrite}: replaces the part of the path the route matched with
     * {@code replacement}. {@code matchedLength} is the configured prefix's or path's length, or
     * {@link #WHOLE_PATH} for a regular-expression route, where Envoy replaces the whole path
     * before the query.
     */
    record Prefix(String replacement, int matchedLength) implements PathRewrite {
        /** Marks a rewrite of the whole path before query and fragment. */
        public static final int WHOLE_PATH = -1;

        @Override
        public String rewrite(String path) {
            int n = matchedLength == WHOLE_PATH ? PathMatcher.pathEnd(path)
                    : Math.min(matchedLength, path.length());
            return replacement + path.substring(n);
        }
    }

    /** {@code regex_rewrite}: applied to the path before query and fragment, which are kept. */
    record Regex(RegexSubstitution substitution) implements PathRewrite {
        @Override
        public String rewrite(String path) {
            int end = PathMatcher.pathEnd(path);
            String head = end == path.length() ? path : path.substring(0, end);
            return substitution.replaceAll(head) + path.substring(end);
        }
    }

}
