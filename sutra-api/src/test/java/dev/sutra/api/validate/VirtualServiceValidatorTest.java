package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VirtualServiceValidatorTest {

    private static final Fixture VS = Fixture.of("networking.istio.io/v1", "VirtualService");

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("canary split with retries and a header match is valid", """
                        hosts: [reviews]
                        http:
                        - match:
                          - headers:
                              end-user: {exact: jason}
                            uri: {prefix: ""}
                          route:
                          - destination: {host: reviews, subset: v2}
                        - route:
                          - destination: {host: reviews, subset: v1}
                            weight: 90
                          - destination: {host: reviews, subset: v3, port: {number: 9080}}
                            weight: 10
                          retries: {attempts: 3, perTryTimeout: 1.5s, retryOn: "5xx,connect-failure,503"}
                          timeout: 100ms
                        """),
                Case.of("negative weight", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: reviews, subset: v1}
                            weight: -5
                          - destination: {host: reviews, subset: v2}
                            weight: 105
                        """,
                        "9:7 spec.http[0].route[0].weight: -5 (expected: 0 or more; a destination receives weight/sum of all weights)"),
                Case.of("several destinations all weighing zero", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: reviews, subset: v1}
                            weight: 0
                          - destination: {host: reviews, subset: v2}
                        """,
                        "7:5 spec.http[0].route: weights of 2 destinations sum to 0 (expected: at least one positive "
                                + "weight, or one destination without a weight)"),
                Case.of("no routes at all", """
                        hosts: [reviews]
                        """,
                        "4:1 spec.http: missing (expected: at least one route in http, tcp or tls)"),
                Case.of("wildcard host bound to the mesh", """
                        hosts: ["*"]
                        http:
                        - route:
                          - destination: {host: reviews}
                        """,
                        "5:11 spec.hosts[0]: \"*\" (expected: specific hosts; * is allowed only when the VirtualService "
                                + "is bound to gateways and not to the mesh)"),
                Case.of("host with an underscore and overlapping hosts", """
                        hosts: [reviews_v1, "*.example.com", api.example.com]
                        gateways: [istio-system/ingress]
                        http:
                        - route:
                          - destination: {host: reviews}
                        """,
                        "5:11 spec.hosts[0]: \"reviews_v1\" has an invalid first label \"reviews_v1\" (expected: "
                                + HostRules.EXPECTED_HOST + ")"),
                Case.of("overlapping hosts", """
                        hosts: ["*.example.com", api.example.com]
                        gateways: [istio-system/ingress]
                        http:
                        - route:
                          - destination: {host: reviews}
                        """,
                        "5:28 spec.hosts[1]: \"api.example.com\" overlaps spec.hosts[0] \"*.example.com\" (expected: "
                                + "each host covered once)"),
                Case.of("regex that RE2 cannot compile", """
                        hosts: [reviews]
                        http:
                        - match:
                          - uri: {regex: "/api/(v1|v2"}
                          - headers:
                              x-version: {regex: "(?=v1)"}
                          route:
                          - destination: {host: reviews}
                        """,
                        "8:13 spec.http[0].match[0].uri.regex: \"/api/(v1|v2\" (expected: an RE2 regular expression "
                                + "(missing closing )); see https://github.com/google/re2/wiki/Syntax)",
                        "10:21 spec.http[0].match[1].headers.x-version.regex: \"(?=v1)\" (expected: an RE2 regular "
                                + "expression (invalid or unsupported Perl syntax at \"(?=\"); see "
                                + "https://github.com/google/re2/wiki/Syntax)"),
                Case.of("empty prefix on a header, bad header name", """
                        hosts: [reviews]
                        http:
                        - match:
                          - headers:
                              x-user: {prefix: ""}
                              "x user": {exact: a}
                          route:
                          - destination: {host: reviews}
                        """,
                        "9:18 spec.http[0].match[0].headers.x-user.prefix: \"\" (expected: a non-empty prefix; to match "
                                + "any value, match the header's presence with {})",
                        "10:9 spec.http[0].match[0].headers.x user: \"x user\" (expected: a header name of letters, "
                                + "digits and !#$%&'*+-.^_`|~, or a pseudo-header)"),
                Case.of("durations below a millisecond or without unit", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: reviews}
                          timeout: 0.5ms
                          retries: {attempts: 2, perTryTimeout: "2"}
                        """,
                        "10:28 spec.http[0].retries.perTryTimeout: \"2\" (expected: a duration of at least 1ms in whole "
                                + "milliseconds, like 100ms, 1.5s or 2m)",
                        "9:5 spec.http[0].timeout: \"0.5ms\" (expected: a duration of at least 1ms in whole "
                                + "milliseconds, like 100ms, 1.5s or 2m)"),
                Case.of("retry settings with zero attempts and a spaced retryOn", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: reviews}
                          retries: {attempts: 0, perTryTimeout: 2s, retryOn: "5xx, reset"}
                        """,
                        "9:15 spec.http[0].retries.attempts: 0 (expected: 1 or more when perTryTimeout, retryOn or "
                                + "retryRemoteLocalities is set; 0 disables retries)",
                        "9:47 spec.http[0].retries.retryOn: \" reset\" in \"5xx, reset\" (expected: comma-separated Envoy "
                                + "retry conditions like 5xx,connect-failure,reset or HTTP status codes, without spaces)"),
                Case.of("fault out of range", """
                        hosts: [ratings]
                        http:
                        - fault:
                            abort:
                              httpStatus: 700
                              percentage: {value: 150}
                            delay:
                              exponentialDelay: 1s
                          route:
                          - destination: {host: ratings}
                        """,
                        "10:22 spec.http[0].fault.abort.percentage.value: 150 (expected: 0, or 0.0001 to 100)",
                        "9:9 spec.http[0].fault.abort.httpStatus: 700 (expected: an HTTP status from 200 to 599)",
                        "12:9 spec.http[0].fault.delay.exponentialDelay: \"1s\" (expected: fixedDelay; Istio does not "
                                + "support exponential delays)"),
                Case.of("redirect beside a route and a rewrite", """
                        hosts: [reviews]
                        http:
                        - redirect: {uri: /v2/reviews, redirectCode: 200}
                          rewrite: {uri: /v1}
                          route:
                          - destination: {host: reviews}
                        """,
                        "7:5 spec.http[0].redirect: set together with route (expected: one of route, redirect or directResponse)",
                        "7:5 spec.http[0].redirect: set together with rewrite (expected: redirect or rewrite, not both)",
                        "7:34 spec.http[0].redirect.redirectCode: 200 (expected: a 3xx status, like 301 or 308)"),
                Case.of("mirror percentage above 100 and both mirror forms", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: reviews}
                          mirror: {host: reviews-shadow}
                          mirrors:
                          - destination: {host: reviews-shadow}
                            percentage: {value: 120}
                        """,
                        "9:5 spec.http[0].mirror: set together with mirrors (expected: mirror or mirrors, not both)",
                        "12:20 spec.http[0].mirrors[0].percentage.value: 120 (expected: 0 to 100)"),
                Case.of("root route that also forwards, and a nameless delegate", """
                        hosts: [reviews]
                        http:
                        - delegate: {namespace: bookinfo}
                          route:
                          - destination: {host: reviews}
                        """,
                        "8:5 spec.http[0].route: set together with delegate (expected: delegate alone; the delegate "
                                + "VirtualService routes)",
                        "7:5 spec.http[0].delegate.name: missing (expected: the name of the VirtualService to delegate to)"),
                Case.of("delegate VirtualService with gateways and TCP routes", """
                        gateways: [istio-system/ingress]
                        tcp:
                        - route:
                          - destination: {host: reviews}
                        http:
                        - delegate: {name: other}
                        """,
                        "5:3 spec.gateways: set on a delegate VirtualService, one without hosts (expected: no gateways; "
                                + "the delegating VirtualService's gateways apply)",
                        "6:3 spec.tcp: set on a delegate VirtualService (expected: only http routes)",
                        "10:5 spec.http[0].delegate: set in a delegate VirtualService (expected: no delegate; delegation "
                                + "is one level deep)",
                        "10:5 spec.http[0].route: missing (expected: one of route, redirect or directResponse)"),
                Case.of("CORS with a lower-case method and fractional max age", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: reviews}
                          corsPolicy:
                            allowOrigins: [{exact: "https://example.com"}, {prefix: ""}]
                            allowMethods: [GET, post]
                            maxAge: 1.5s
                        """,
                        "10:54 spec.http[0].corsPolicy.allowOrigins[1]: missing (expected: an exact, prefix or regex origin)",
                        "11:27 spec.http[0].corsPolicy.allowMethods[1]: \"post\" (expected: an HTTP method in upper case: "
                                + "GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE or *)",
                        "12:7 spec.http[0].corsPolicy.maxAge: \"1.5s\" (expected: a duration in whole seconds, like 24h "
                                + "or 3600s)"),
                Case.of("header operations on pseudo-headers and a stray percent", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: reviews}
                          headers:
                            request:
                              set: {":path": /v2, x-envoy-upstream: "%UPSTREAM_HOST%"}
                            response:
                              set: {host: example.com, x-rate: "100%"}
                        """,
                        "11:15 spec.http[0].headers.request.set.:path: \":path\" (expected: a header Envoy may change; "
                                + "pseudo-headers and Host are managed by the proxy (use rewrite.authority or :authority))",
                        "13:15 spec.http[0].headers.response.set.host: \"host\" (expected: a header Envoy may change; "
                                + "pseudo-headers and Host are managed by the proxy)",
                        "13:34 spec.http[0].headers.response.set.x-rate: \"100%\" (expected: a literal % written as %%, "
                                + "or a terminated %VARIABLE% expression)"),
                Case.of("gateway reference that is not namespace/name", """
                        hosts: [bookinfo.example.com]
                        gateways: [istio-system/Ingress_GW]
                        http:
                        - route:
                          - destination: {host: productpage}
                        """,
                        "6:14 spec.gateways[0]: \"istio-system/Ingress_GW\" (expected: namespace/name of a Gateway, both "
                                + "DNS labels, like istio-system/ingress)"),
                Case.of("JWT claim routing on the mesh", """
                        hosts: [reviews]
                        http:
                        - match:
                          - headers:
                              "@request.auth.claims.group": {exact: admin}
                          route:
                          - destination: {host: reviews}
                        """,
                        "9:9 spec.http[0].match[0].headers.@request.auth.claims.group: \"@request.auth.claims.group\" "
                                + "(expected: JWT claim routing only on a VirtualService bound to gateways, not to the mesh)"),
                Case.of("TLS route for an SNI host the VirtualService does not have", """
                        hosts: [api.payments.example.com]
                        tls:
                        - match:
                          - sniHosts: [api.other.example.com]
                            port: 443
                          route:
                          - destination: {host: api.payments.example.com}
                        """,
                        "8:18 spec.tls[0].match[0].sniHosts[0]: \"api.other.example.com\" (expected: a name covered by "
                                + "one of spec.hosts [api.payments.example.com])"),
                Case.of("destinations without a usable host, subset or port", """
                        hosts: [reviews]
                        http:
                        - route:
                          - destination: {host: "*"}
                          - destination: {host: reviews, subset: V_1, port: {number: 0}}
                          - weight: 10
                        """,
                        "8:21 spec.http[0].route[0].destination.host: \"*\" (expected: a specific host; * names no single service)",
                        "9:36 spec.http[0].route[1].destination.subset: \"V_1\" (expected: a subset name: a DNS label like v1)",
                        "9:56 spec.http[0].route[1].destination.port.number: 0 (expected: 1 to 65535)",
                        "10:7 spec.http[0].route[2].destination: missing (expected: a destination with a host, like {host: reviews})"),
                Case.of("direct response with a status out of range", """
                        hosts: [reviews]
                        http:
                        - directResponse: {status: 99, body: {string: unavailable}}
                        """,
                        "7:22 spec.http[0].directResponse.status: 99 (expected: an HTTP status from 200 to 599)"),
                Case.of("rewrite with both uri forms", """
                        hosts: [reviews]
                        http:
                        - rewrite:
                            uri: /v2
                            uriRegexRewrite: {match: "^/v1/(.*)", rewrite: /v2/\\\\1}
                          route:
                          - destination: {host: reviews}
                        """,
                        "9:7 spec.http[0].rewrite.uriRegexRewrite: set together with uri (expected: uri or "
                                + "uriRegexRewrite, not both)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachErrorAtItsField(Case c) {
        assertThat(VS.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }

    @Test
    void errorNamesFileLineResourceFieldAndExpectation() {
        var result = new ConfigParser().parse("mesh.yaml", VS.named("reviews").yaml("""
                hosts: [reviews]
                http:
                - route:
                  - destination: {host: reviews, subset: v1}
                    weight: -5
                  - destination: {host: reviews, subset: v2}
                    weight: 100
                """));
        assertThat(new ConfigValidator().validate(result.resources()).stream().map(Object::toString))
                .containsExactly("mesh.yaml:9:7: VirtualService bookinfo/reviews: spec.http[0].route[0].weight: -5 "
                        + "(expected: 0 or more; a destination receives weight/sum of all weights)");
    }
}
