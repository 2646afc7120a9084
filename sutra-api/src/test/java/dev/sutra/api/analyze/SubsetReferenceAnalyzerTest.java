package dev.sutra.api.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SubsetReferenceAnalyzerTest {

    /** A VirtualService of the bookinfo gateway (so it competes with no mesh route) with {@code http}. */
    private static String preview(String http) {
        return """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: preview, namespace: bookinfo}
                spec:
                  hosts: [preview.bookinfo.example.com]
                  gateways: [bookinfo/bookinfo-gateway]
                  http:
                """ + http.indent(2);
    }

    static Stream<AnalyzerCase> cases() {
        return Stream.of(
                AnalyzerCase.of("route to a subset the host's DestinationRule lacks", preview("""
                        - route:
                          - destination: {host: reviews, subset: v4}
                        """),
                        "case.yaml:9: Error IST0101 VirtualService bookinfo/preview: "
                                + "spec.http[0].route[0].destination.subset: subset \"v4\" of "
                                + "reviews.bookinfo.svc.cluster.local is not defined: DestinationRule bookinfo/reviews "
                                + "defines v1, v2, v3; requests routed here fail with 503 (expected: a subset a "
                                + "DestinationRule for the host defines)"),
                AnalyzerCase.of("route to a subset of a host without DestinationRule", preview("""
                        - route:
                          - destination: {host: productpage, subset: stable}
                        """),
                        "case.yaml:9: Error IST0101 VirtualService bookinfo/preview: "
                                + "spec.http[0].route[0].destination.subset: subset \"stable\" of "
                                + "productpage.bookinfo.svc.cluster.local is not defined: no DestinationRule has host "
                                + "productpage.bookinfo.svc.cluster.local; requests routed here fail with 503 (expected: a "
                                + "subset a DestinationRule for the host defines)"),
                AnalyzerCase.of("mirror to a misspelt subset", preview("""
                        - route:
                          - destination: {host: ratings, subset: v1}
                          mirror: {host: reviews, subset: v2-shadow}
                        """),
                        "case.yaml:10: Error IST0101 VirtualService bookinfo/preview: spec.http[0].mirror.subset: subset "
                                + "\"v2-shadow\" of reviews.bookinfo.svc.cluster.local is not defined: DestinationRule "
                                + "bookinfo/reviews defines v1, v2, v3; requests routed here fail with 503 (expected: a "
                                + "subset a DestinationRule for the host defines)"),
                AnalyzerCase.of("defined subsets by short and full names", preview("""
                        - route:
                          - destination: {host: reviews, subset: v3}
                            weight: 50
                          - destination: {host: ratings.bookinfo.svc.cluster.local, subset: v1}
                            weight: 50
                        """)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsRoutesToUndefinedSubsets(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }
}
