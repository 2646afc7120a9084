package dev.sutra.proxy.router;

import static dev.sutra.proxy.router.Configs.clusterOf;
import static dev.sutra.proxy.router.Configs.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueryMatchingTest {

    static Stream<Arguments> cases() {
        String exactV = "\"name\": \"v\", \"string_match\": {\"exact\": \"1\"}";
        String presentV = "\"name\": \"v\", \"present_match\": true";
        return Stream.of(
                Arguments.of("exact value", exactV, "/p?v=1", true),
                Arguments.of("other value", exactV, "/p?v=2", false),
                Arguments.of("among others", exactV, "/p?a=b&v=1&c", true),
                Arguments.of("no query", exactV, "/p", false),
                Arguments.of("first occurrence counts", exactV, "/p?v=2&v=1", false),
                Arguments.of("name must match whole key", exactV, "/p?vv=1", false),
                Arguments.of("values are not percent-decoded",
                        "\"name\": \"v\", \"string_match\": {\"exact\": \"a b\"}", "/p?v=a%20b", false),
                Arguments.of("raw encoded value matches",
                        "\"name\": \"v\", \"string_match\": {\"exact\": \"a%20b\"}", "/p?v=a%20b", true),
                Arguments.of("key without = has empty value",
                        "\"name\": \"v\", \"string_match\": {\"exact\": \"\"}", "/p?v", true),
                Arguments.of("present", presentV, "/p?v", true),
                Arguments.of("present missing", presentV, "/p?w=1", false),
                Arguments.of("present_match false still means present",
                        "\"name\": \"v\", \"present_match\": false", "/p?v=1", true),
                Arguments.of("no specifier means present", "\"name\": \"v\"", "/p?v=3", true),
                Arguments.of("prefix of value",
                        "\"name\": \"v\", \"string_match\": {\"prefix\": \"ab\"}", "/p?v=abc", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesQueryParametersLikeEnvoy(String name, String matcher, String path,
            boolean matches) {
        RouteTable t = Configs.routes(route(
                "\"prefix\": \"/\", \"query_parameters\": [{" + matcher + "}]", "hit"));
        assertThat(clusterOf(t, TestRequest.path(path))).isEqualTo(matches ? "hit" : "<none>");
    }
}
