package dev.sutra.xds.route;

import dev.sutra.api.Nullable;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import java.util.Map;
import java.util.TreeMap;

/** Istio's {@code HTTPMatchRequest} as an Envoy {@code RouteMatch}. */
final class RouteMatches {

    private RouteMatches() {
    }

    /** The Envoy match for {@code match}; a null match is the catch-all prefix {@code /}. */
    static RouteMatch toEnvoy(@Nullable HTTPMatchRequest match) {
        RouteMatch.Builder out = RouteMatch.newBuilder();
        if (match == null) {
            return out.setPrefix("/").build();
        }
        StringMatch uri = match.getUri();
        if (uri == null || uri.getMatchType() == null) {
            out.setPrefix("/");
        } else if (uri.getMatchType() instanceof StringMatchExact exact) {
            out.setPath(exact.getExact());
        } else if (uri.getMatchType() instanceof StringMatchPrefix prefix) {
            out.setPrefix(prefix.getPrefix());
        } else if (uri.getMatchType() instanceof StringMatchRegex regex) {
            out.setSafeRegex(regex(regex.getRegex()));
        }
        if (Boolean.TRUE.equals(match.getIgnoreUriCase())) {
            out.setCaseSensitive(com.google.protobuf.BoolValue.of(false));
        }
        pseudoHeader(out, ":scheme", match.getScheme());
        pseudoHeader(out, ":method", match.getMethod());
        pseudoHeader(out, ":authority", match.getAuthority());
        // Sorted so the same config always yields byte-identical resources (and versions).
        sorted(match.getHeaders()).forEach((name, value) -> out.addHeaders(header(name, value, false)));
        sorted(match.getWithoutHeaders()).forEach((name, value) -> out.addHeaders(header(name, value, true)));
        sorted(match.getQueryParams()).forEach((name, value) -> out.addQueryParameters(query(name, value)));
        return out.build();
    }

    private static void pseudoHeader(RouteMatch.Builder out, String name, @Nullable StringMatch value) {
        if (value != null && value.getMatchType() != null) {
            out.addHeaders(header(name, value, false));
        }
    }

    private static HeaderMatcher header(String name, @Nullable StringMatch value, boolean invert) {
        HeaderMatcher.Builder h = HeaderMatcher.newBuilder().setName(name).setInvertMatch(invert);
        if (value == null || value.getMatchType() == null) {
            // An empty match means "the header is present" (or absent, for withoutHeaders).
            return h.setPresentMatch(true).build();
        }
        return h.setStringMatch(stringMatcher(value)).build();
    }

    private static QueryParameterMatcher query(String name, @Nullable StringMatch value) {
        QueryParameterMatcher.Builder q = QueryParameterMatcher.newBuilder().setName(name);
        if (value == null || value.getMatchType() == null) {
            return q.setPresentMatch(true).build();
        }
        return q.setStringMatch(stringMatcher(value)).build();
    }

    static StringMatcher stringMatcher(StringMatch value) {
        StringMatcher.Builder m = StringMatcher.newBuilder();
        if (value.getMatchType() instanceof StringMatchExact exact) {
            m.setExact(exact.getExact());
        } else if (value.getMatchType() instanceof StringMatchPrefix prefix) {
            m.setPrefix(prefix.getPrefix());
        } else if (value.getMatchType() instanceof StringMatchRegex regex) {
            m.setSafeRegex(regex(regex.getRegex()));
        }
        return m.build();
    }

    static RegexMatcher regex(String pattern) {
        return RegexMatcher.newBuilder().setRegex(pattern).build();
    }

    private static <V> Map<String, V> sorted(@Nullable Map<String, V> map) {
        return map == null ? Map.of() : new TreeMap<>(map);
    }
}
