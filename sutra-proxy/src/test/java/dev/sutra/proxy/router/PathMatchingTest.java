package dev.sutra.proxy.router;

import static dev.sutra.proxy.router.Configs.clusterOf;
import static dev.sutra.proxy.router.Configs.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathMatchingTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("prefix matches start", "\"prefix\": \"/api\"", "/api/v1", true),
                Arguments.of("prefix is not segment-aware", "\"prefix\": \"/api\"", "/apix", true),
                Arguments.of("prefix ignores query", "\"prefix\": \"/a?\"", "/a?x", false),
                Arguments.of("prefix is case-sensitive", "\"prefix\": \"/API\"", "/api", false),
                Arguments.of("prefix case_sensitive false",
                        "\"prefix\": \"/API\", \"case_sensitive\": false", "/api/x", true),
                Arguments.of("empty prefix matches all", "\"prefix\": \"\"", "/anything", true),
                Arguments.of("path is exact", "\"path\": \"/a\"", "/a", true),
                Arguments.of("path exact ignores query", "\"path\": \"/a\"", "/a?b=c", true),
                Arguments.of("path exact ignores fragment", "\"path\": \"/a\"", "/a#frag", true),
                Arguments.of("path exact rejects longer", "\"path\": \"/a\"", "/a/", false),
                Arguments.of("path case_sensitive false",
                        "\"path\": \"/A/b\", \"case_sensitive\": false", "/a/B", true),
                Arguments.of("regex full match", "\"safe_regex\": {\"regex\": \"/v[0-9]+/.*\"}",
                        "/v12/items", true),
                Arguments.of("regex is not a search", "\"safe_regex\": {\"regex\": \"v[0-9]+\"}",
                        "/v12", false),
                Arguments.of("regex sees path without query",
                        "\"safe_regex\": {\"regex\": \"/a\"}", "/a?x=1", true),
                Arguments.of("regex ignores case_sensitive",
                        "\"safe_regex\": {\"regex\": \"/a\"}, \"case_sensitive\": false", "/A",
                        false),
                Arguments.of("separated prefix exact", "\"path_separated_prefix\": \"/api\"",
                        "/api", true),
                Arguments.of("separated prefix then slash", "\"path_separated_prefix\": \"/api\"",
                        "/api/x", true),
                Arguments.of("separated prefix then query", "\"path_separated_prefix\": \"/api\"",
                        "/api?x", true),
                Arguments.of("separated prefix rejects longer segment",
                        "\"path_separated_prefix\": \"/api\"", "/apix", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPathLikeEnvoy(String name, String match, String path, boolean matches) {
        RouteTable t = Configs.routes(route(match, "hit"));
        assertThat(clusterOf(t, TestRequest.path(path))).isEqualTo(matches ? "hit" : "<none>");
    }

    @Test
    void firstMatchingRouteWins() {
        RouteTable t = Configs.routes(String.join(",",
                route("\"prefix\": \"/api/v1\"", "v1"),
                route("\"prefix\": \"/api\"", "api"),
                route("\"prefix\": \"/api/v1/special\"", "unreachable"),
                route("\"prefix\": \"/\"", "root")));
        assertThat(clusterOf(t, TestRequest.path("/api/v1/special"))).isEqualTo("v1");
        assertThat(clusterOf(t, TestRequest.path("/api/v2"))).isEqualTo("api");
        assertThat(clusterOf(t, TestRequest.path("/other"))).isEqualTo("root");
    }

    @Test
    void noMatchingRouteGivesNull() {
        RouteTable t = Configs.routes(route("\"prefix\": \"/api\"", "api"));
        assertThat(t.route(TestRequest.path("/web"))).isNull();
    }

    @Test
    void ignoresPathParametersOnlyWhenConfigured() {
        String vhosts = """
                "virtual_hosts": [{"name": "vh", "domains": ["*"], "routes": [
                  {"match": {"path": "/a"}, "route": {"cluster": "a"}}]}]""";
        RouteTable plain = Configs.table("{\"name\": \"p\", " + vhosts + "}");
        RouteTable ignoring = Configs.table(
                "{\"name\": \"p\", \"ignore_path_parameters_in_path_matching\": true, " + vhosts
                        + "}");
        assertThat(clusterOf(plain, TestRequest.path("/a;v=1"))).isEqualTo("<none>");
        assertThat(clusterOf(ignoring, TestRequest.path("/a;v=1"))).isEqualTo("a");
    }

    @Test
    void foldsCaseAsciiOnly() {
        // The Kelvin sign folds to 'k' under Unicode rules but not under Envoy's ASCII rules.
        RouteTable t = Configs.routes(route("\"prefix\": \"/k\", \"case_sensitive\": false", "k"));
        assertThat(clusterOf(t, TestRequest.path("/K"))).isEqualTo("k");
        assertThat(clusterOf(t, TestRequest.path("/\u212A"))).isEqualTo("<none>");
    }
}
