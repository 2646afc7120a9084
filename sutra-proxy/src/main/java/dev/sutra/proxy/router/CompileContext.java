package dev.sutra.proxy.router;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;

/** Names the resource being compiled so every rejection says where it happened. */
final class CompileContext {
    private final String routeConfigName;

    CompileContext(String routeConfigName) {
        this.routeConfigName = routeConfigName;
    }

    InvalidConfigException error(String path, String reason) {
        return new InvalidConfigException("RouteConfiguration", routeConfigName, path, reason);
    }

    /** Compiles an RE2 expression; re2j implements RE2's syntax, which is what Envoy uses. */
    Pattern regex(RegexMatcher matcher, String path) throws InvalidConfigException {
        String regex = matcher.getRegex();
        if (regex.isEmpty()) {
            throw error(path + ".regex", "must not be empty");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw error(path + ".regex", "invalid RE2 expression: " + e.getMessage());
        }
    }

    StringMatcher stringMatcher(io.envoyproxy.envoy.type.matcher.v3.StringMatcher proto,
            String path) throws InvalidConfigException {
        boolean ignoreCase = proto.getIgnoreCase();
        return switch (proto.getMatchPatternCase()) {
            case EXACT -> new StringMatcher.Exact(proto.getExact(), ignoreCase);
            case PREFIX -> new StringMatcher.Prefix(nonEmpty(proto.getPrefix(), path + ".prefix"),
                    ignoreCase);
            case SUFFIX -> new StringMatcher.Suffix(nonEmpty(proto.getSuffix(), path + ".suffix"),
                    ignoreCase);
            case CONTAINS -> new StringMatcher.Contains(
                    nonEmpty(proto.getContains(), path + ".contains"), ignoreCase);
            case SAFE_REGEX -> new StringMatcher.Regex(regex(proto.getSafeRegex(),
                    path + ".safe_regex"));
            case CUSTOM -> throw error(path + ".custom", "custom string matchers are not supported");
            case MATCHPATTERN_NOT_SET -> throw error(path, "one of exact, prefix, suffix, contains or"
                    + " safe_regex is required");
        };
    }

    /**
     * A proto duration at Envoy's millisecond resolution (it truncates to whole milliseconds).
     */
    java.time.Duration millis(com.google.protobuf.Duration d, String path)
            throws InvalidConfigException {
        if (d.getSeconds() < 0 || d.getNanos() < 0) {
            throw error(path, "must not be negative");
        }
        if (d.getSeconds() > 315_576_000_000L) {
            throw error(path, "out of range");
        }
        return java.time.Duration.ofMillis(d.getSeconds() * 1000 + d.getNanos() / 1_000_000);
    }

    String nonEmpty(String value, String path) throws InvalidConfigException {
        if (value.isEmpty()) {
            throw error(path, "must not be empty");
        }
        return value;
    }
}
