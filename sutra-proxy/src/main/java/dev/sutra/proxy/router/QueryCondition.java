package dev.sutra.proxy.router;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;

/**
 * A compiled {@code QueryParameterMatcher}. Like Envoy, the query string (everything after the
 * first {@code ?}) is split on {@code &} and {@code =} without percent-decoding, only the first
 * occurrence of a name counts, a name without {@code =} has the value {@code ""}, and
 * {@code present_match} (true or false) as well as no specifier at all mean "present".
 */
final class QueryCondition {
    private final String name;
    private final @Nullable StringMatcher matcher;

    private QueryCondition(String name, @Nullable StringMatcher matcher) {
        this.name = name;
        this.matcher = matcher;
    }

    static QueryCondition compile(QueryParameterMatcher proto, String path, CompileContext ctx)
            throws InvalidConfigException {
        String name = ctx.nonEmpty(proto.getName(), path + ".name");
        if (name.length() > 1024) {
            throw ctx.error(path + ".name", "longer than 1024 bytes");
        }
        StringMatcher matcher = switch (proto.getQueryParameterMatchSpecifierCase()) {
            case STRING_MATCH -> ctx.stringMatcher(proto.getStringMatch(), path + ".string_match");
            case PRESENT_MATCH, QUERYPARAMETERMATCHSPECIFIER_NOT_SET -> null;
        };
        return new QueryCondition(name, matcher);
    }

    boolean matches(String path, int queryStart) {
        if (queryStart < 0) {
            return false;
        }
        int n = path.length();
        int start = queryStart + 1;
        while (start <= n) {
            int end = path.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            int eq = path.indexOf('=', start);
            int keyEnd = eq >= 0 && eq < end ? eq : end;
            if (keyEnd - start == name.length() && path.startsWith(name, start)) {
                if (matcher == null) {
                    return true;
                }
                String value = keyEnd == end ? "" : path.substring(keyEnd + 1, end);
                return matcher.matches(value);
            }
            start = end + 1;
        }
        return false;
    }

    static boolean allMatch(QueryCondition[] conditions, String path) {
        if (conditions.length == 0) {
            return true;
        }
        int q = path.indexOf('?');
        for (QueryCondition c : conditions) {
            if (!c.matches(path, q)) {
                return false;
            }
        }
        return true;
    }
}
