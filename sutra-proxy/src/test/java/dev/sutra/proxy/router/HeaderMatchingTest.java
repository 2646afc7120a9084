package dev.sutra.proxy.router;

import static dev.sutra.proxy.router.Configs.clusterOf;
import static dev.sutra.proxy.router.Configs.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderMatchingTest {

    private static Arguments c(String name, String matcher, UnaryOperator<TestRequest> request,
            boolean matches) {
        return Arguments.of(name, matcher, request, matches);
    }

    private static UnaryOperator<TestRequest> h(String name, String value) {
        return r -> r.header(name, value);
    }

    private static final UnaryOperator<TestRequest> NONE = r -> r;

    static Stream<Arguments> cases() {
        return Stream.of(
                c("string_match exact", "\"name\": \"x-v\", \"string_match\": {\"exact\": \"a\"}",
                        h("x-v", "a"), true),
                c("string_match exact differs", "\"name\": \"x-v\", \"string_match\": {\"exact\": \"a\"}",
                        h("x-v", "b"), false),
                c("string_match exact ignore_case",
                        "\"name\": \"x-v\", \"string_match\": {\"exact\": \"AbC\", \"ignore_case\": true}",
                        h("x-v", "aBc"), true),
                c("string_match prefix", "\"name\": \"x-v\", \"string_match\": {\"prefix\": \"ab\"}",
                        h("x-v", "abc"), true),
                c("string_match suffix", "\"name\": \"x-v\", \"string_match\": {\"suffix\": \"bc\"}",
                        h("x-v", "abc"), true),
                c("string_match contains", "\"name\": \"x-v\", \"string_match\": {\"contains\": \"b\"}",
                        h("x-v", "abc"), true),
                c("string_match contains ignore_case",
                        "\"name\": \"x-v\", \"string_match\": {\"contains\": \"B\", \"ignore_case\": true}",
                        h("x-v", "abc"), true),
                c("string_match regex is a full match",
                        "\"name\": \"x-v\", \"string_match\": {\"safe_regex\": {\"regex\": \"\\\\d{3}\"}}",
                        h("x-v", "1234"), false),
                c("inverted regex", "\"name\": \"x-v\", \"invert_match\": true,"
                        + " \"string_match\": {\"safe_regex\": {\"regex\": \"\\\\d{3}\"}}",
                        h("x-v", "1234"), true),
                c("legacy exact_match", "\"name\": \"x-v\", \"exact_match\": \"a\"", h("x-v", "a"), true),
                c("legacy empty exact_match matches any value", "\"name\": \"x-v\", \"exact_match\": \"\"",
                        h("x-v", "zzz"), true),
                c("legacy prefix_match", "\"name\": \"x-v\", \"prefix_match\": \"ab\"", h("x-v", "abc"), true),
                c("legacy suffix_match", "\"name\": \"x-v\", \"suffix_match\": \"bc\"", h("x-v", "abc"), true),
                c("legacy contains_match", "\"name\": \"x-v\", \"contains_match\": \"b\"", h("x-v", "abc"), true),
                c("legacy safe_regex_match", "\"name\": \"x-v\", \"safe_regex_match\": {\"regex\": \"a.c\"}",
                        h("x-v", "abc"), true),
                c("missing header never matches", "\"name\": \"x-v\", \"string_match\": {\"exact\": \"a\"}",
                        NONE, false),
                c("missing header never matches even inverted",
                        "\"name\": \"x-v\", \"invert_match\": true, \"string_match\": {\"exact\": \"a\"}",
                        NONE, false),
                c("treat_missing_header_as_empty with inverted range", "\"name\": \"x-v\","
                        + " \"invert_match\": true, \"treat_missing_header_as_empty\": true,"
                        + " \"range_match\": {\"start\": 0, \"end\": 10}", NONE, true),
                c("treat_missing_header_as_empty with empty regex", "\"name\": \"x-v\","
                        + " \"treat_missing_header_as_empty\": true,"
                        + " \"string_match\": {\"safe_regex\": {\"regex\": \"^$\"}}", NONE, true),
                c("present_match true", "\"name\": \"x-v\", \"present_match\": true", h("x-v", ""), true),
                c("present_match true missing", "\"name\": \"x-v\", \"present_match\": true", NONE, false),
                c("present_match false missing", "\"name\": \"x-v\", \"present_match\": false", NONE, true),
                c("present_match false present", "\"name\": \"x-v\", \"present_match\": false",
                        h("x-v", "1"), false),
                c("inverted present_match missing", "\"name\": \"x-v\", \"present_match\": true,"
                        + " \"invert_match\": true", NONE, true),
                c("no specifier means present", "\"name\": \"x-v\"", h("x-v", "1"), true),
                c("no specifier missing", "\"name\": \"x-v\"", NONE, false),
                c("range inside", "\"name\": \"x-n\", \"range_match\": {\"start\": -10, \"end\": 0}",
                        h("x-n", "-1"), true),
                c("range end is exclusive", "\"name\": \"x-n\", \"range_match\": {\"start\": -10, \"end\": 0}",
                        h("x-n", "0"), false),
                c("range needs an integer", "\"name\": \"x-n\", \"range_match\": {\"start\": 0, \"end\": 100}",
                        h("x-n", "10.5"), false),
                c("range rejects trailing junk", "\"name\": \"x-n\", \"range_match\": {\"start\": -10, \"end\": 0}",
                        h("x-n", "-1somestring"), false),
                c("inverted range", "\"name\": \"x-n\", \"invert_match\": true,"
                        + " \"range_match\": {\"start\": -10, \"end\": 0}", h("x-n", "-1"), false),
                c("repeated header values are joined with a comma",
                        "\"name\": \"x-v\", \"string_match\": {\"exact\": \"a,b\"}",
                        r -> r.header("x-v", "a").header("x-v", "b"), true),
                c("header name is case-insensitive",
                        "\"name\": \"X-V\", \"string_match\": {\"exact\": \"a\"}", h("x-v", "a"), true),
                c(":method pseudo-header", "\"name\": \":method\", \"string_match\": {\"exact\": \"POST\"}",
                        r -> r.method("POST"), true),
                c(":authority pseudo-header",
                        "\"name\": \":authority\", \"string_match\": {\"exact\": \"example.com\"}", NONE, true),
                c("host reads the authority", "\"name\": \"host\", \"string_match\": {\"exact\": \"example.com\"}",
                        NONE, true),
                c(":path pseudo-header includes the query",
                        "\"name\": \":path\", \"string_match\": {\"exact\": \"/p?q=1\"}",
                        r -> TestRequest.path("/p?q=1"), true),
                c(":scheme pseudo-header", "\"name\": \":scheme\", \"string_match\": {\"exact\": \"https\"}",
                        r -> r.scheme("https"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesHeadersLikeEnvoy(String name, String matcher, UnaryOperator<TestRequest> request,
            boolean matches) {
        RouteTable t = Configs.routes(route("\"prefix\": \"/\", \"headers\": [{" + matcher + "}]",
                "hit"));
        TestRequest r = request.apply(TestRequest.path("/"));
        assertThat(clusterOf(t, r)).isEqualTo(matches ? "hit" : "<none>");
    }

    static Stream<Arguments> grpcCases() {
        return Stream.of(Arguments.of("application/grpc", true),
                Arguments.of("application/grpc+proto", true),
                Arguments.of("application/grpc-web", false),
                Arguments.of("application/json", false),
                Arguments.of(null, false));
    }

    @ParameterizedTest(name = "content-type {0}")
    @MethodSource("grpcCases")
    void matchesGrpcByContentType(String contentType, boolean matches) {
        RouteTable t = Configs.routes(route("\"prefix\": \"/\", \"grpc\": {}", "grpc"));
        TestRequest r = TestRequest.path("/pkg.Svc/Call");
        if (contentType != null) {
            r.header("content-type", contentType);
        }
        assertThat(clusterOf(t, r)).isEqualTo(matches ? "grpc" : "<none>");
    }
}
