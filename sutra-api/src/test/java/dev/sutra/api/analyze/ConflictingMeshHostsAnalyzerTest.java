package dev.sutra.api.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConflictingMeshHostsAnalyzerTest {

    static Stream<AnalyzerCase> cases() {
        return Stream.of(
                AnalyzerCase.of("second mesh VirtualService for reviews, written in full", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: reviews-timeouts, namespace: bookinfo}
                        spec:
                          hosts: [reviews.bookinfo.svc.cluster.local]
                          http:
                          - timeout: 2s
                            route:
                            - destination: {host: reviews, subset: v1}
                        """,
                        "bookinfo.yaml:206: Error IST0109 VirtualService bookinfo/reviews: spec.hosts[0]: host "
                                + "reviews.bookinfo.svc.cluster.local is also routed for the mesh by VirtualService "
                                + "bookinfo/reviews-timeouts; sidecars apply only one of them, which one is undefined "
                                + "(expected: one VirtualService per host for the mesh; merge their routes)",
                        "case.yaml:5: Error IST0109 VirtualService bookinfo/reviews-timeouts: spec.hosts[0]: host "
                                + "reviews.bookinfo.svc.cluster.local is also routed for the mesh by VirtualService "
                                + "bookinfo/reviews; sidecars apply only one of them, which one is undefined (expected: one "
                                + "VirtualService per host for the mesh; merge their routes)"),
                AnalyzerCase.of("exported to one namespace still meets one exported everywhere", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: reviews-frontend, namespace: frontend}
                        spec:
                          hosts: [reviews.bookinfo.svc.cluster.local]
                          exportTo: ["."]
                          http:
                          - route:
                            - destination: {host: reviews.bookinfo.svc.cluster.local, subset: v2}
                        """,
                        "bookinfo.yaml:206: Error IST0109 VirtualService bookinfo/reviews: spec.hosts[0]: host "
                                + "reviews.bookinfo.svc.cluster.local is also routed for the mesh by VirtualService "
                                + "frontend/reviews-frontend; sidecars apply only one of them, which one is undefined "
                                + "(expected: one VirtualService per host for the mesh; merge their routes)",
                        "case.yaml:5: Error IST0109 VirtualService frontend/reviews-frontend: spec.hosts[0]: host "
                                + "reviews.bookinfo.svc.cluster.local is also routed for the mesh by VirtualService "
                                + "bookinfo/reviews; sidecars apply only one of them, which one is undefined (expected: one "
                                + "VirtualService per host for the mesh; merge their routes)"),
                AnalyzerCase.of("VirtualServices visible in different namespaces do not conflict", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: details-local, namespace: bookinfo}
                        spec:
                          hosts: [details]
                          exportTo: ["."]
                          http:
                          - route:
                            - destination: {host: details}
                        ---
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: details-frontend, namespace: frontend}
                        spec:
                          hosts: [details.bookinfo.svc.cluster.local]
                          exportTo: ["."]
                          http:
                          - timeout: 1s
                            route:
                            - destination: {host: details.bookinfo.svc.cluster.local}
                        """),
                AnalyzerCase.of("the same host at a gateway is merged, not a conflict", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: reviews-edge, namespace: bookinfo}
                        spec:
                          hosts: [reviews.bookinfo.svc.cluster.local]
                          gateways: [bookinfo/bookinfo-gateway]
                          http:
                          - route:
                            - destination: {host: reviews, subset: v1}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsTwoMeshVirtualServicesForOneHost(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }
}
