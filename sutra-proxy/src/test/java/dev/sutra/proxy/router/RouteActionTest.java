package dev.sutra.proxy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RouteActionTest {

    private static Route only(String routeJson) {
        return only(routeJson, "/");
    }

    private static Route only(String routeJson, String path) {
        Route r = Configs.routes(routeJson).route(TestRequest.path(path), 0);
        assertThat(r).isNotNull();
        return r;
    }

    private static Forwarding forwarding(Route r) {
        return switch (r.action()) {
            case ClusterAction c -> c.forwarding();
            case WeightedClustersAction w -> w.forwarding();
            default -> throw new AssertionError(r.action());
        };
    }

    @Test
    void defaultsTimeoutToFifteenSecondsAndHasNoRetries() {
        Forwarding f = forwarding(only("{\"match\": {\"prefix\": \"/\"}, \"route\": {\"cluster\": \"c\"}}"));
        assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(f.timeoutDisabled()).isFalse();
        assertThat(f.idleTimeout()).isNull();
        assertThat(f.retryPolicy()).isNull();
        assertThat(f.pathRewrite()).isEqualTo(PathRewrite.None.INSTANCE);
        assertThat(f.clusterNotFoundStatus()).isEqualTo(503);
    }

    @Test
    void explicitZeroTimeoutDisablesIt() {
        Forwarding f = forwarding(only("""
                {"match": {"prefix": "/"}, "route": {"cluster": "c", "timeout": "0s",
                 "idle_timeout": "0.250s",
                 "max_stream_duration": {"max_stream_duration": "30s", "grpc_timeout_header_max": "0s"}}}
                """));
        assertThat(f.timeoutDisabled()).isTrue();
        assertThat(f.idleTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(f.maxStreamDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(f.grpcTimeoutHeaderMax()).isEqualTo(Duration.ZERO);
        assertThat(f.grpcTimeoutHeaderOffset()).isNull();
    }

    @Test
    void compilesRetryPolicyWithEnvoyDefaults() {
        RetryPolicy p = forwarding(only("""
                {"match": {"prefix": "/"}, "route": {"cluster": "c", "retry_policy": {
                  "retry_on": "connect-failure, refused-stream,unavailable,bogus,retriable-status-codes",
                  "retriable_status_codes": [503, 429],
                  "per_try_timeout": "2s",
                  "retry_host_predicate": [{"name": "envoy.retry_host_predicates.previous_hosts"}],
                  "host_selection_retry_max_attempts": 5}}}
                """)).retryPolicy();
        assertThat(p).isNotNull();
        assertThat(p.retryOn()).containsExactlyInAnyOrder(RetryOn.CONNECT_FAILURE,
                RetryOn.REFUSED_STREAM, RetryOn.GRPC_UNAVAILABLE, RetryOn.RETRIABLE_STATUS_CODES);
        assertThat(p.numRetries()).isEqualTo(1);
        assertThat(p.perTryTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.isRetriableStatusCode(503)).isTrue();
        assertThat(p.isRetriableStatusCode(500)).isFalse();
        assertThat(p.avoidPreviousHosts()).isTrue();
        assertThat(p.hostSelectionMaxAttempts()).isEqualTo(5);
        assertThat(p.backOffBase()).isEqualTo(Duration.ofMillis(25));
        assertThat(p.backOffMax()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void routeRetryPolicyReplacesVirtualHostPolicy() {
        RouteTable t = Configs.table("""
                {"name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                  "retry_policy": {"retry_on": "5xx", "num_retries": 3},
                  "routes": [
                    {"match": {"prefix": "/own"}, "route": {"cluster": "c",
                       "retry_policy": {"retry_on": "reset"}}},
                    {"match": {"prefix": "/"}, "route": {"cluster": "c"}}]}]}
                """);
        RetryPolicy own = forwarding(t.route(TestRequest.path("/own"), 0)).retryPolicy();
        RetryPolicy inherited = forwarding(t.route(TestRequest.path("/x"), 0)).retryPolicy();
        assertThat(own.retryOn()).containsExactly(RetryOn.RESET);
        assertThat(own.numRetries()).isEqualTo(1);
        assertThat(inherited.retryOn()).containsExactly(RetryOn.FIVE_XX);
        assertThat(inherited.numRetries()).isEqualTo(3);
    }

    @Test
    void rewritesPrefixKeepingTheQuery() {
        Forwarding f = forwarding(only("""
                {"match": {"prefix": "/api/"}, "route": {"cluster": "c", "prefix_rewrite": "/"}}
                """, "/api/"));
        assertThat(f.pathRewrite().rewrite("/api/users?x=1")).isEqualTo("/users?x=1");
    }

    @Test
    void rewritesWithRe2SubstitutionSyntax() {
        RouteTable t = Configs.routes("""
                {"match": {"safe_regex": {"regex": "/service/.*"}}, "route": {"cluster": "c",
                  "regex_rewrite": {"pattern": {"regex": "^/service/([^/]+)(/.*)$"},
                                    "substitution": "\\\\2/instance/\\\\1$"}}}
                """);
        Forwarding f = forwarding(t.route(TestRequest.path("/service/foo/v1/api?q"), 0));
        assertThat(f.pathRewrite().rewrite("/service/foo/v1/api?q")).isEqualTo("/v1/api/instance/foo$?q");
    }

    @Test
    void prefixRewriteOfRegexRouteReplacesWholePath() {
        Forwarding f = forwarding(only("""
                {"match": {"safe_regex": {"regex": "/.*"}}, "route": {"cluster": "c", "prefix_rewrite": "/new"}}
                """));
        assertThat(f.pathRewrite().rewrite("/old/path?q=1")).isEqualTo("/new?q=1");
    }

    @Test
    void picksWeightedClustersByWeightOverAFixedSeedSequence() {
        WeightedClustersAction w = (WeightedClustersAction) only("""
                {"match": {"prefix": "/"}, "route": {"weighted_clusters": {"clusters": [
                  {"name": "v1", "weight": 80}, {"name": "off", "weight": 0},
                  {"name": "v2", "weight": 20}]}}}
                """).action();
        assertThat(w.totalWeight()).isEqualTo(100);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> counts = new HashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts.merge(w.pick(random.nextLong()).name(), 1, Integer::sum);
        }
        assertThat(counts).doesNotContainKey("off");
        // Binomial standard deviation is about 126; the window is more than 10 of them.
        assertThat(counts.get("v1") / (double) n).isCloseTo(0.80, within(0.015));
        assertThat(counts.get("v2") / (double) n).isCloseTo(0.20, within(0.015));
    }

    @Test
    void picksWeightedClusterIntervalsDeterministically() {
        WeightedClustersAction w = (WeightedClustersAction) only("""
                {"match": {"prefix": "/"}, "route": {"weighted_clusters": {"clusters": [
                  {"name": "a", "weight": 1}, {"name": "b", "weight": 0}, {"name": "c", "weight": 2}]}}}
                """).action();
        assertThat(w.pick(0).name()).isEqualTo("a");
        assertThat(w.pick(1).name()).isEqualTo("c");
        assertThat(w.pick(2).name()).isEqualTo("c");
        assertThat(w.pick(3).name()).isEqualTo("a");
        assertThat(w.pick(-1L).name()).isEqualTo("a"); // 2^64-1 mod 3 == 0: unsigned arithmetic
    }

    @Test
    void takesTheRandomValueFromTheConfiguredHeader() {
        WeightedClustersAction w = (WeightedClustersAction) only("""
                {"match": {"prefix": "/"}, "route": {"weighted_clusters": {"header_name": "X-Rand",
                  "clusters": [{"name": "a", "weight": 50}, {"name": "b", "weight": 50}]}}}
                """).action();
        assertThat(w.pick(TestRequest.path("/").header("x-rand", "75"), 0).name()).isEqualTo("b");
        assertThat(w.pick(TestRequest.path("/").header("x-rand", "75").header("x-rand", "1"), 0)
                .name()).isEqualTo("a");
        assertThat(w.pick(TestRequest.path("/").header("x-rand", "nope"), 60).name()).isEqualTo("b");
    }

    @Test
    void answersDirectResponses() {
        Route r = only("""
                {"match": {"prefix": "/"}, "direct_response": {"status": 418, "body": {"inline_string": "teapot"}}}
                """);
        DirectResponseAction d = (DirectResponseAction) r.action();
        assertThat(d.status()).isEqualTo(418);
        assertThat(d.body().toStringUtf8()).isEqualTo("teapot");
    }

    @Test
    void buildsRedirectLocationsLikeEnvoy() {
        RedirectAction https = redirect("{\"https_redirect\": true}", "\"prefix\": \"/\"");
        assertThat(https.status()).isEqualTo(301);
        assertThat(https.location(TestRequest.get("a.com:80", "/p?q"))).isEqualTo("https://a.com/p?q");
        assertThat(https.location(TestRequest.get("a.com:8080", "/p"))).isEqualTo("https://a.com:8080/p");

        RedirectAction host = redirect("{\"host_redirect\": \"b.com\", \"port_redirect\": 8443,"
                + " \"response_code\": \"TEMPORARY_REDIRECT\"}", "\"prefix\": \"/\"");
        assertThat(host.status()).isEqualTo(307);
        assertThat(host.location(TestRequest.get("a.com", "/x"))).isEqualTo("http://b.com:8443/x");

        RedirectAction port = redirect("{\"port_redirect\": 9000}", "\"prefix\": \"/\"");
        assertThat(port.location(TestRequest.get("a.com:8080", "/x"))).isEqualTo("http://a.com:9000/x");

        RedirectAction path = redirect("{\"path_redirect\": \"/new\"}", "\"prefix\": \"/\"");
        assertThat(path.location(TestRequest.get("a.com", "/old?keep=1")))
                .isEqualTo("http://a.com/new?keep=1");

        RedirectAction pathWithQuery = redirect("{\"path_redirect\": \"/new?x=y\", \"strip_query\": true}",
                "\"prefix\": \"/\"");
        assertThat(pathWithQuery.location(TestRequest.get("a.com", "/old?keep=1")))
                .isEqualTo("http://a.com/new?x=y");

        RedirectAction strip = redirect("{\"strip_query\": true, \"prefix_rewrite\": \"/v2\"}",
                "\"prefix\": \"/v1\"");
        assertThat(strip.location(TestRequest.get("a.com", "/v1/items?q=1")))
                .isEqualTo("http://a.com/v2/items");

        RedirectAction v6 = redirect("{\"scheme_redirect\": \"https\"}", "\"prefix\": \"/\"");
        assertThat(v6.location(TestRequest.get("[::1]:80", "/"))).isEqualTo("https://[::1]/");
    }

    private static RedirectAction redirect(String redirectJson, String match) {
        return (RedirectAction) only("{\"match\": {" + match + "}, \"redirect\": " + redirectJson + "}",
                "/v1").action();
    }

    @Test
    void evaluatesRuntimeFractionWithTheRequestsRandomValue() {
        RouteTable t = Configs.routes("""
                {"match": {"prefix": "/", "runtime_fraction": {"default_value":
                  {"numerator": 30, "denominator": "HUNDRED"}, "runtime_key": "k"}},
                 "route": {"cluster": "canary"}},
                {"match": {"prefix": "/"}, "route": {"cluster": "stable"}}
                """);
        assertThat(Configs.clusterOf(t, TestRequest.path("/"))).isEqualTo("canary"); // 0 % 100
        assertThat(((ClusterAction) t.route(TestRequest.path("/"), 129).action()).cluster())
                .isEqualTo("canary");
        assertThat(((ClusterAction) t.route(TestRequest.path("/"), 130).action()).cluster())
                .isEqualTo("stable");
    }
}
