package dev.sutra.api.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hosts that match no known service: route destinations (IST0101), mesh VirtualService hosts
 * (SUT0103) and DestinationRule hosts (IST0174).
 */
class HostAnalyzersTest {

    static Stream<AnalyzerCase> destinations() {
        return Stream.of(
                AnalyzerCase.of("misspelt short name", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: details, namespace: bookinfo}
                        spec:
                          hosts: [details]
                          http:
                          - route:
                            - destination: {host: detials}
                        """,
                        "case.yaml:8: Error IST0101 VirtualService bookinfo/details: spec.http[0].route[0].destination.host: "
                                + "host \"detials\" (detials.bookinfo.svc.cluster.local) matches no known service; requests "
                                + "routed here fail with 503 (expected: the host of a ServiceEntry or registered service; "
                                + "did you mean details.bookinfo.svc.cluster.local?)"),
                AnalyzerCase.of("external API nobody declared, as mirror and as TCP route", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: details, namespace: bookinfo}
                        spec:
                          hosts: [details]
                          http:
                          - route:
                            - destination: {host: details}
                            mirror: {host: audit.payments.example.com}
                          tcp:
                          - route:
                            - destination: {host: api.stripe.com, port: {number: 443}}
                        """,
                        "case.yaml:9: Error IST0101 VirtualService bookinfo/details: spec.http[0].mirror.host: mirror host "
                                + "\"audit.payments.example.com\" matches no known service; the mirrored copies go nowhere "
                                + "(expected: the host of a ServiceEntry or registered service; did you mean "
                                + "api.payments.example.com?)",
                        "case.yaml:12: Error IST0101 VirtualService bookinfo/details: spec.tcp[0].route[0].destination.host: "
                                + "host \"api.stripe.com\" matches no known service; requests routed here fail with 503 "
                                + "(expected: the host of a ServiceEntry or registered service)"),
                AnalyzerCase.of("full name from another namespace and a host under a wildcard entry", """
                        apiVersion: networking.istio.io/v1
                        kind: ServiceEntry
                        metadata: {name: googleapis, namespace: shared}
                        spec:
                          hosts: ["*.googleapis.com"]
                          location: MESH_EXTERNAL
                          resolution: NONE
                          ports:
                          - {number: 443, name: tls, protocol: TLS}
                        ---
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: storefront, namespace: frontend}
                        spec:
                          hosts: [store.example.com]
                          gateways: [bookinfo/bookinfo-gateway]
                          http:
                          - route:
                            - destination: {host: reviews.bookinfo.svc.cluster.local, subset: v1}
                            mirror: {host: storage.googleapis.com}
                        """));
    }

    static Stream<AnalyzerCase> virtualServiceHosts() {
        return Stream.of(
                AnalyzerCase.of("mesh route for a misspelt host", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: details, namespace: bookinfo}
                        spec:
                          hosts: [detials]
                          http:
                          - route:
                            - destination: {host: details}
                        """,
                        "case.yaml:5: Warning SUT0103 VirtualService bookinfo/details: spec.hosts[0]: host \"detials\" "
                                + "(detials.bookinfo.svc.cluster.local) matches no known service, so sidecars never apply "
                                + "these routes (expected: the host of a service; did you mean "
                                + "details.bookinfo.svc.cluster.local?)"),
                AnalyzerCase.of("gateway and mesh route for a public name", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: shop, namespace: bookinfo}
                        spec:
                          hosts: [shop.example.com]
                          gateways: [bookinfo/bookinfo-gateway, mesh]
                          http:
                          - route:
                            - destination: {host: productpage}
                        """,
                        "case.yaml:5: Warning SUT0103 VirtualService bookinfo/shop: spec.hosts[0]: host "
                                + "\"shop.example.com\" matches no known service, so sidecars never apply these routes "
                                + "(expected: the host of a service)"),
                AnalyzerCase.of("gateway-only route for a public name is fine", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: shop, namespace: bookinfo}
                        spec:
                          hosts: [shop.example.com]
                          gateways: [bookinfo/bookinfo-gateway]
                          http:
                          - route:
                            - destination: {host: productpage}
                        """),
                AnalyzerCase.of("wildcard host covering a known service is fine", """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: payments, namespace: bookinfo}
                        spec:
                          hosts: ["*.payments.example.com"]
                          http:
                          - timeout: 5s
                            route:
                            - destination: {host: api.payments.example.com}
                        """));
    }

    static Stream<AnalyzerCase> destinationRuleHosts() {
        return Stream.of(
                AnalyzerCase.of("rule for a misspelt host", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: reviews-tls, namespace: bookinfo}
                        spec:
                          host: reveiws
                          trafficPolicy:
                            tls: {mode: ISTIO_MUTUAL}
                        """,
                        "case.yaml:5: Warning IST0174 DestinationRule bookinfo/reviews-tls: spec.host: host \"reveiws\" "
                                + "(reveiws.bookinfo.svc.cluster.local) matches no known service, so this rule applies to no "
                                + "traffic (expected: the host of a service; did you mean "
                                + "reviews.bookinfo.svc.cluster.local?)"),
                AnalyzerCase.of("rule for a short name resolved in the wrong namespace", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: ratings, namespace: frontend}
                        spec:
                          host: ratings
                          trafficPolicy:
                            tls: {mode: ISTIO_MUTUAL}
                        """,
                        "case.yaml:5: Warning IST0174 DestinationRule frontend/ratings: spec.host: host \"ratings\" "
                                + "(ratings.frontend.svc.cluster.local) matches no known service, so this rule applies to "
                                + "no traffic (expected: the host of a service; did you mean "
                                + "ratings.bookinfo.svc.cluster.local?)"),
                AnalyzerCase.of("wildcard rule covering a known service, and * itself, are fine", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: payments, namespace: bookinfo}
                        spec:
                          host: "*.payments.example.com"
                          trafficPolicy:
                            connectionPool:
                              tcp: {maxConnections: 10}
                        ---
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: everything, namespace: istio-system}
                        spec:
                          host: "*"
                          trafficPolicy:
                            tls: {mode: ISTIO_MUTUAL}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("destinations")
    void flagsRoutesToHostsNoServiceServes(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("virtualServiceHosts")
    void warnsOfMeshRoutesForHostsNoServiceHas(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("destinationRuleHosts")
    void warnsOfRulesForHostsNoServiceHas(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }
}
