package dev.sutra.api.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteWeightsAnalyzerTest {

    private static String details(String route) {
        return """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: details, namespace: bookinfo}
                spec:
                  hosts: [details]
                  http:
                  - route:
                """ + route.indent(4);
    }

    static Stream<AnalyzerCase> cases() {
        return Stream.of(
                AnalyzerCase.of("weights that overshoot 100", details("""
                        - destination: {host: details}
                          weight: 90
                        - destination: {host: ratings}
                          weight: 20
                        """),
                        "case.yaml:7: Info SUT0104 VirtualService bookinfo/details: spec.http[0].route: weights 90, 20 sum "
                                + "to 110, so the destinations receive 81.8%, 18.2% (weights are relative; weights summing "
                                + "to 100 read as percentages)"),
                AnalyzerCase.of("equal weights", details("""
                        - destination: {host: details}
                          weight: 1
                        - destination: {host: ratings}
                          weight: 1
                        - destination: {host: reviews}
                          weight: 1
                        """),
                        "case.yaml:7: Info SUT0104 VirtualService bookinfo/details: spec.http[0].route: weights 1, 1, 1 sum "
                                + "to 3, so the destinations receive 33.3%, 33.3%, 33.3% (weights are relative; weights "
                                + "summing to 100 read as percentages)"),
                AnalyzerCase.of("percentages", details("""
                        - destination: {host: details}
                          weight: 75
                        - destination: {host: ratings}
                          weight: 25
                        """)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheRealSharesOfRelativeWeights(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }
}
