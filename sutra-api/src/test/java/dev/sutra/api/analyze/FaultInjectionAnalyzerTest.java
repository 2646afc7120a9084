package dev.sutra.api.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FaultInjectionAnalyzerTest {

    /** A mesh VirtualService for details (bookinfo routes it nowhere else) with {@code http} as its routes. */
    private static String details(String http) {
        return """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: details, namespace: bookinfo}
                spec:
                  hosts: [details]
                  http:
                """ + http.indent(2);
    }

    static Stream<AnalyzerCase> cases() {
        return Stream.of(
                AnalyzerCase.of("delay meant for 1% typed as 100 on a route for every request", details("""
                        - name: details-all
                          fault:
                            delay:
                              fixedDelay: 5s
                              percentage: {value: 100}
                          route:
                          - destination: {host: details}
                        """),
                        "case.yaml:11: Error SUT0101 VirtualService bookinfo/details: "
                                + "spec.http[0].fault.delay.percentage.value: delay of 5s on 100% of the requests of "
                                + "route \"details-all\" (spec.http[0]), which matches every request, so every caller of "
                                + "details.bookinfo.svc.cluster.local is delayed by 5s (expected: a header match that "
                                + "selects testers, like end-user: {exact: tester}, or a percentage of 50 or less)"),
                AnalyzerCase.of("abort on most requests of a route matched by path only", details("""
                        - match:
                          - uri: {prefix: /details}
                          fault:
                            abort:
                              httpStatus: 503
                              percentage: {value: 60}
                          route:
                          - destination: {host: details}
                        """),
                        "case.yaml:12: Error SUT0101 VirtualService bookinfo/details: "
                                + "spec.http[0].fault.abort.percentage.value: abort with HTTP 503 on 60% of the requests "
                                + "of route spec.http[0], whose spec.http[0].match[0] has no header match, so every caller "
                                + "of details.bookinfo.svc.cluster.local gets HTTP 503 (expected: a header match that "
                                + "selects testers, like end-user: {exact: tester}, or a percentage of 50 or less)"),
                AnalyzerCase.of("deprecated integer percent counts like percentage", details("""
                        - fault:
                            delay: {fixedDelay: 2s, percent: 100}
                          route:
                          - destination: {host: details}
                        """),
                        "case.yaml:8: Error SUT0101 VirtualService bookinfo/details: spec.http[0].fault.delay.percent: "
                                + "delay of 2s on 100% of the requests of route spec.http[0], which matches every request, "
                                + "so every caller of details.bookinfo.svc.cluster.local is delayed by 2s (expected: a "
                                + "header match that selects testers, like end-user: {exact: tester}, or a percentage of "
                                + "50 or less)"),
                AnalyzerCase.of("one of two matches lets everybody in", details("""
                        - match:
                          - headers:
                              end-user: {exact: tester}
                          - uri: {prefix: /}
                          fault:
                            abort: {grpcStatus: UNAVAILABLE, percentage: {value: 100}}
                          route:
                          - destination: {host: details}
                        """),
                        "case.yaml:12: Error SUT0101 VirtualService bookinfo/details: "
                                + "spec.http[0].fault.abort.percentage.value: abort with gRPC UNAVAILABLE on 100% of the "
                                + "requests of route spec.http[0], whose spec.http[0].match[1] has no header match, so every "
                                + "caller of details.bookinfo.svc.cluster.local gets gRPC UNAVAILABLE (expected: a header "
                                + "match that selects testers, like end-user: {exact: tester}, or a percentage of 50 or "
                                + "less)"),
                AnalyzerCase.of("header-matched canary for testers is fine at 100%", details("""
                        - match:
                          - headers:
                              x-test-fault: {exact: delay}
                          fault:
                            delay: {fixedDelay: 3s, percentage: {value: 100}}
                          route:
                          - destination: {host: details}
                        - route:
                          - destination: {host: details}
                        """)),
                AnalyzerCase.of("query parameter opt-in is fine at 100%", details("""
                        - match:
                          - queryParams:
                              chaos: {exact: abort}
                          fault:
                            abort: {httpStatus: 500, percentage: {value: 100}}
                          route:
                          - destination: {host: details}
                        - route:
                          - destination: {host: details}
                        """)),
                AnalyzerCase.of("a sample of half the traffic is not flagged", details("""
                        - fault:
                            abort: {httpStatus: 503, percentage: {value: 50}}
                          route:
                          - destination: {host: details}
                        """)),
                AnalyzerCase.of("an explicit 0% switches the fault off", details("""
                        - fault:
                            delay: {fixedDelay: 5s, percentage: {value: 0}}
                          route:
                          - destination: {host: details}
                        """)),
                AnalyzerCase.of("fault without a percentage injects nothing", details("""
                        - fault:
                            delay: {fixedDelay: 5s}
                            abort: {httpStatus: 503}
                          route:
                          - destination: {host: details}
                        """),
                        "case.yaml:8: Warning SUT0102 VirtualService bookinfo/details: spec.http[0].fault.delay: delay of "
                                + "5s has no percentage, so it is injected into no request: Istio reads a missing percentage "
                                + "as 0% (expected: percentage.value, like 100 for every request the route matches)",
                        "case.yaml:9: Warning SUT0102 VirtualService bookinfo/details: spec.http[0].fault.abort: abort "
                                + "with HTTP 503 has no percentage, so it is injected into no request: Istio reads a "
                                + "missing percentage as 0% (expected: percentage.value, like 100 for every request the "
                                + "route matches)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsFaultsOnMostOfARoutesTraffic(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }
}
