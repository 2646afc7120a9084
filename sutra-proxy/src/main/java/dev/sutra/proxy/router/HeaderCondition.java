package dev.sutra.proxy.router;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;

/**
 * A compiled {@code HeaderMatcher}, with Envoy's semantics: the value is all occurrences joined
 * with {@code ","}; a missing header never matches (whatever {@code invert_match} says) unless
 * {@code treat_missing_header_as_empty}; {@code present_match} is the one rule that can match an
 * absent header; a deprecated {@code exact_match} of {@code ""} matches any present value.
 */
final class HeaderCondition {
    /** Where the value comes from: pseudo-headers are read from {@link RequestView}'s accessors. */
    enum Source { AUTHORITY, PATH, METHOD, SCHEME, HEADER }

    private enum Kind { VALUE, RANGE, PRESENT, ANY_VALUE }

    private final Source source;
    private final String name;
    private final Kind kind;
    private final @Nullable StringMatcher matcher;
    private final long rangeStart;
    private final long rangeEnd;
    private final boolean present;
    private final boolean invert;
    private final boolean missingAsEmpty;

    private HeaderCondition(String name, Kind kind, @Nullable StringMatcher matcher, long rangeStart,
            long rangeEnd, boolean present, boolean invert, boolean missingAsEmpty) {
        this.name = name;
        this.source = sourceOf(name);
        this.kind = kind;
        this.matcher = matcher;
        this.rangeStart = rangeStart;
        this.rangeEnd = rangeEnd;
        this.present = present;
        this.invert = invert;
        this.missingAsEmpty = missingAsEmpty;
    }

    static Source sourceOf(String lowerCaseName) {
        return switch (lowerCaseName) {
            // Envoy's header map answers "host" with :authority (HTTP/1.1 Host is stored there).
            case ":authority", "host" -> Source.AUTHORITY;
            case ":path" -> Source.PATH;
            case ":method" -> Source.METHOD;
            case ":scheme" -> Source.SCHEME;
            default -> Source.HEADER;
        };
    }

    // The deprecated legacy specifiers are still honoured by Envoy.
    @SuppressWarnings("deprecation")
    static HeaderCondition compile(HeaderMatcher proto, String path, CompileContext ctx)
            throws InvalidConfigException {
        String name = Ascii.toLowerCase(ctx.nonEmpty(proto.getName(), path + ".name"));
        boolean invert = proto.getInvertMatch();
        boolean empty = proto.getTreatMissingHeaderAsEmpty();
        StringMatcher m;
        switch (proto.getHeaderMatchSpecifierCase()) {
            case EXACT_MATCH -> {
                if (proto.getExactMatch().isEmpty()) {
                    return new HeaderCondition(name, Kind.ANY_VALUE, null, 0, 0, false, invert, empty);
                }
                m = new StringMatcher.Exact(proto.getExactMatch(), false);
            }
            case SAFE_REGEX_MATCH -> m = new StringMatcher.Regex(
                    ctx.regex(proto.getSafeRegexMatch(), path + ".safe_regex_match"));
            case PREFIX_MATCH -> m = new StringMatcher.Prefix(
                    ctx.nonEmpty(proto.getPrefixMatch(), path + ".prefix_match"), false);
            case SUFFIX_MATCH -> m = new StringMatcher.Suffix(
                    ctx.nonEmpty(proto.getSuffixMatch(), path + ".suffix_match"), false);
            case CONTAINS_MATCH -> m = new StringMatcher.Contains(
                    ctx.nonEmpty(proto.getContainsMatch(), path + ".contains_match"), false);
            case STRING_MATCH -> m = ctx.stringMatcher(proto.getStringMatch(), path + ".string_match");
            case RANGE_MATCH -> {
                return new HeaderCondition(name, Kind.RANGE, null, proto.getRangeMatch().getStart(),
                        proto.getRangeMatch().getEnd(), false, invert, empty);
            }
            case PRESENT_MATCH -> {
                return new HeaderCondition(name, Kind.PRESENT, null, 0, 0, proto.getPresentMatch(),
                        invert, empty);
            }
            // No specifier: Envoy treats the matcher as "header is present".
            case HEADERMATCHSPECIFIER_NOT_SET -> {
                return new HeaderCondition(name, Kind.PRESENT, null, 0, 0, true, invert, empty);
            }
            default -> throw ctx.error(path, "unknown header match specifier");
        }
        return new HeaderCondition(name, Kind.VALUE, m, 0, 0, false, invert, empty);
    }

    boolean matches(RequestView request) {
        String value = switch (source) {
            case AUTHORITY -> request.authority();
            case PATH -> request.path();
            case METHOD -> request.method();
            case SCHEME -> request.scheme();
            case HEADER -> request.header(name);
        };
        if (kind == Kind.PRESENT) {
            boolean exists = value != null || missingAsEmpty;
            return (exists == present) != invert;
        }
        if (value == null) {
            if (!missingAsEmpty) {
                return false;
            }
            value = "";
        }
        boolean matched = switch (kind) {
            case VALUE -> matcher.matches(value);
            case RANGE -> inRange(value);
            case ANY_VALUE -> true;
            case PRESENT -> throw new AssertionError();
        };
        return matched != invert;
    }

    /** Half-open {@code [start, end)} on a base-10 integer, as absl's SimpleAtoi reads it. */
    private boolean inRange(String value) {
        int i = 0;
        int end = value.length();
        while (i < end && value.charAt(i) == ' ') {
            i++;
        }
        while (end > i && value.charAt(end - 1) == ' ') {
            end--;
        }
        boolean negative = false;
        if (i < end && (value.charAt(i) == '-' || value.charAt(i) == '+')) {
            negative = value.charAt(i) == '-';
            i++;
        }
        if (i == end) {
            return false;
        }
        long n = 0;
        for (; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            // Accumulate negatively so Long.MIN_VALUE parses; overflow means "not an int64".
            if (n < (Long.MIN_VALUE + (c - '0')) / 10) {
                return false;
            }
            n = n * 10 - (c - '0');
        }
        if (!negative) {
            if (n == Long.MIN_VALUE) {
                return false;
            }
            n = -n;
        }
        return n >= rangeStart && n < rangeEnd;
    }

    static boolean allMatch(HeaderCondition[] conditions, RequestView request) {
        for (HeaderCondition c : conditions) {
            if (!c.matches(request)) {
                return false;
            }
        }
        return true;
    }
}
