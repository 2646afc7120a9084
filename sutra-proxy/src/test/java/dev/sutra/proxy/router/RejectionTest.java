package dev.sutra.proxy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RejectionTest {

    private static String routes(String routes) {
        return """
                {"name": "http_proxy", "virtual_hosts": [
                  {"name": "ok", "domains": ["ok.com"]},
                  {"name": "vh", "domains": ["*"], "routes": [%s]}]}""".formatted(routes);
    }

    private static String route(String route) {
        return routes("{\"match\": {\"prefix\": \"/\"}, \"route\": {" + route + "}}");
    }

    static Stream<Arguments> cases() {
        String p = "RouteConfiguration \"http_proxy\": virtual_hosts[1].routes[0]";
        return Stream.of(
                Arguments.of("duplicate domain across virtual hosts", """
                        {"name": "http_proxy", "virtual_hosts": [
                          {"name": "a", "domains": ["a.com"]}, {"name": "b", "domains": ["x", "A.com"]}]}""",
                        "RouteConfiguration \"http_proxy\": virtual_hosts[1].domains[1]: duplicate domain"
                                + " \"a.com\" (domains must be unique across virtual hosts)"),
                Arguments.of("two default virtual hosts", """
                        {"name": "http_proxy", "virtual_hosts": [
                          {"name": "a", "domains": ["*"]}, {"name": "b", "domains": ["*"]}]}""",
                        "RouteConfiguration \"http_proxy\": virtual_hosts[1].domains[0]: only a single"
                                + " wildcard domain \"*\" is permitted"),
                Arguments.of("virtual host without domains", """
                        {"name": "http_proxy", "virtual_hosts": [{"name": "a"}]}""",
                        "RouteConfiguration \"http_proxy\": virtual_hosts[0].domains: at least one"
                                + " domain is required"),
                Arguments.of("virtual host without name", """
                        {"name": "http_proxy", "virtual_hosts": [{"domains": ["a"]}]}""",
                        "RouteConfiguration \"http_proxy\": virtual_hosts[0].name: must not be empty"),
                Arguments.of("require_tls", """
                        {"name": "http_proxy", "virtual_hosts": [
                          {"name": "a", "domains": ["a"], "require_tls": "ALL"}]}""",
                        "RouteConfiguration \"http_proxy\": virtual_hosts[0].require_tls: TLS"
                                + " requirements are not supported: ALL"),
                Arguments.of("cluster_header", route("\"cluster_header\": \"x-cluster\""),
                        p + ".route.cluster_header: not supported"),
                Arguments.of("no action", routes("{\"match\": {\"prefix\": \"/\"}}"),
                        p + ": an action (route, redirect or direct_response) is required"),
                Arguments.of("no path specifier", routes("{\"match\": {}, \"route\": {\"cluster\": \"c\"}}"),
                        p + ".match: a path specifier (prefix, path, safe_regex or"
                                + " path_separated_prefix) is required"),
                Arguments.of("invalid regex", routes(
                        "{\"match\": {\"safe_regex\": {\"regex\": \"(a\"}}, \"route\": {\"cluster\": \"c\"}}"),
                        p + ".match.safe_regex.regex: invalid RE2 expression: "),
                Arguments.of("two rewrites", route("\"cluster\": \"c\", \"prefix_rewrite\": \"/x\","
                        + " \"regex_rewrite\": {\"pattern\": {\"regex\": \"a\"}, \"substitution\": \"b\"}"),
                        p + ".route: specify only one of prefix_rewrite and regex_rewrite"),
                Arguments.of("substitution group out of range", route("\"cluster\": \"c\","
                        + " \"regex_rewrite\": {\"pattern\": {\"regex\": \"(a)\"}, \"substitution\": \"\\\\2\"}"),
                        p + ".route.regex_rewrite.substitution: refers to group 2 but the pattern has 1"),
                Arguments.of("weights adding up to zero", route("\"weighted_clusters\": {\"clusters\": ["
                        + "{\"name\": \"a\", \"weight\": 0}]}"),
                        p + ".route.weighted_clusters.clusters: the sum of weights must be greater than 0"),
                Arguments.of("weight missing", route("\"weighted_clusters\": {\"clusters\": ["
                        + "{\"name\": \"a\"}]}"),
                        p + ".route.weighted_clusters.clusters[0].weight: is required"),
                Arguments.of("deprecated max_grpc_timeout", route("\"cluster\": \"c\", \"max_grpc_timeout\": \"1s\""),
                        p + ".route.max_grpc_timeout: deprecated and not supported; use"
                                + " max_stream_duration.grpc_timeout_header_max"),
                Arguments.of("mirroring", route("\"cluster\": \"c\", \"request_mirror_policies\":"
                        + " [{\"cluster\": \"m\"}]"), p + ".route.request_mirror_policies: not supported"),
                Arguments.of("retry priority", route("\"cluster\": \"c\", \"retry_policy\": {"
                        + "\"retry_priority\": {\"name\": \"envoy.retry_priorities.previous_priorities\"}}"),
                        p + ".route.retry_policy.retry_priority: retry priorities are not supported"),
                Arguments.of("header formatter", routes("{\"match\": {\"prefix\": \"/\"}, \"route\":"
                        + " {\"cluster\": \"c\"}, \"request_headers_to_add\": [{\"header\": {\"key\":"
                        + " \"x-ip\", \"value\": \"%DOWNSTREAM_REMOTE_ADDRESS%\"}}]}"),
                        p + ".request_headers_to_add[0].header.value: header value substitutions (%...%)"
                                + " are not supported; escape a literal % as %%"),
                Arguments.of("pseudo-header mutation", routes("{\"match\": {\"prefix\": \"/\"}, \"route\":"
                        + " {\"cluster\": \"c\"}, \"request_headers_to_add\": [{\"header\": {\"key\":"
                        + " \":path\", \"value\": \"/x\"}}]}"),
                        p + ".request_headers_to_add[0].header.key: :-prefixed or host headers may not be"
                                + " modified: :path"),
                Arguments.of("host removal", routes("{\"match\": {\"prefix\": \"/\"}, \"route\":"
                        + " {\"cluster\": \"c\"}, \"request_headers_to_remove\": [\"Host\"]}"),
                        p + ".request_headers_to_remove[0]: :-prefixed or host headers may not be"
                                + " modified: Host"),
                Arguments.of("direct response too large", """
                        {"name": "http_proxy", "max_direct_response_body_size_bytes": 3, "virtual_hosts": [
                          {"name": "a", "domains": ["a"], "routes": [{"match": {"prefix": "/"},
                            "direct_response": {"status": 200, "body": {"inline_string": "four"}}}]}]}""",
                        "RouteConfiguration \"http_proxy\": virtual_hosts[0].routes[0].direct_response.body:"
                                + " response body size is 4 bytes; maximum is 3"),
                Arguments.of("direct response status", routes("{\"match\": {\"prefix\": \"/\"},"
                        + " \"direct_response\": {\"status\": 99}}"),
                        p + ".direct_response.status: must be in [200, 600): 99"),
                Arguments.of("path_separated_prefix with trailing slash", routes("{\"match\":"
                        + " {\"path_separated_prefix\": \"/api/\"}, \"route\": {\"cluster\": \"c\"}}"),
                        p + ".match.path_separated_prefix: must be non-empty, without '?' or '#', and not"
                                + " end with '/': \"/api/\""),
                Arguments.of("empty prefix string match", routes("{\"match\": {\"prefix\": \"/\","
                        + " \"headers\": [{\"name\": \"x\", \"string_match\": {\"prefix\": \"\"}}]},"
                        + " \"route\": {\"cluster\": \"c\"}}"),
                        p + ".match.headers[0].string_match.prefix: must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithResourceAndFieldPath(String name, String json, String message) {
        assertThatThrownBy(() -> RouteTable.compile(Configs.parse(json)))
                .isInstanceOf(InvalidConfigException.class)
                .message().startsWith(message);
    }

    @Test
    void rejectsPathMatchPolicyNamingTheField() {
        RouteConfiguration.Builder b = Configs.parse(routes(
                "{\"match\": {\"prefix\": \"/\"}, \"route\": {\"cluster\": \"c\"}}")).toBuilder();
        b.getVirtualHostsBuilder(1).getRoutesBuilder(0).getMatchBuilder().setPathMatchPolicy(
                TypedExtensionConfig.newBuilder().setName("uri_template")
                        .setTypedConfig(Any.pack(Empty.getDefaultInstance())));
        assertThatThrownBy(() -> RouteTable.compile(b.build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("RouteConfiguration \"http_proxy\": virtual_hosts[1].routes[0].match:"
                        + " unsupported path specifier path_match_policy")
                .satisfies(e -> {
                    InvalidConfigException ice = (InvalidConfigException) e;
                    assertThat(ice.resourceName()).isEqualTo("http_proxy");
                    assertThat(ice.fieldPath()).isEqualTo("virtual_hosts[1].routes[0].match");
                });
    }
}
