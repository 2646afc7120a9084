package dev.sutra.api.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Subsets that select no workload (IST0173) and STATIC ServiceEntries without endpoints (SUT0105). */
class WorkloadAnalyzersTest {

    static Stream<AnalyzerCase> subsets() {
        return Stream.of(
                AnalyzerCase.of("subset for a version not deployed", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: details-versions, namespace: bookinfo}
                        spec:
                          host: details
                          subsets:
                          - name: v1
                            labels: {version: v1}
                          - name: v2
                            labels: {version: v2}
                        """,
                        "case.yaml:9: Error IST0173 DestinationRule bookinfo/details-versions: spec.subsets[1]: subset "
                                + "\"v2\" selects no workload of details.bookinfo.svc.cluster.local: no workload has "
                                + "version=v2 (they have version=v1); requests routed to it fail with 503 (expected: "
                                + "labels that workloads of the service carry)"),
                AnalyzerCase.of("subset on a label no workload carries", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: reviews-tracks, namespace: bookinfo}
                        spec:
                          host: reviews.bookinfo.svc.cluster.local
                          subsets:
                          - name: canary
                            labels: {track: canary}
                        """,
                        "case.yaml:7: Error IST0173 DestinationRule bookinfo/reviews-tracks: spec.subsets[0]: subset "
                                + "\"canary\" selects no workload of reviews.bookinfo.svc.cluster.local: no workload has "
                                + "track=canary; requests routed to it fail with 503 (expected: labels that workloads of "
                                + "the service carry)"),
                AnalyzerCase.of("subset of an external service resolved by DNS", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: payments-regions, namespace: bookinfo}
                        spec:
                          host: api.payments.example.com
                          subsets:
                          - name: eu
                            labels: {region: eu}
                        """,
                        "case.yaml:7: Error IST0173 DestinationRule bookinfo/payments-regions: spec.subsets[0]: subset "
                                + "\"eu\" selects no workload of api.payments.example.com: the service has no workloads at "
                                + "all, so none has region=eu; requests routed to it fail with 503 (expected: labels that "
                                + "workloads of the service carry)"),
                AnalyzerCase.of("subsets of deployed versions, and one without labels, are fine", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: reviews-all, namespace: bookinfo}
                        spec:
                          host: reviews
                          subsets:
                          - name: v2
                            labels: {version: v2, app: reviews}
                          - name: all
                        """));
    }

    static Stream<AnalyzerCase> staticEntries() {
        return Stream.of(
                AnalyzerCase.of("STATIC entry with nothing to send traffic to", """
                        apiVersion: networking.istio.io/v1
                        kind: ServiceEntry
                        metadata: {name: inventory, namespace: bookinfo}
                        spec:
                          hosts: [inventory.bookinfo.svc.cluster.local]
                          location: MESH_INTERNAL
                          resolution: STATIC
                          ports:
                          - {number: 8080, name: http, protocol: HTTP}
                        """,
                        "case.yaml:7: Warning SUT0105 ServiceEntry bookinfo/inventory: spec.resolution: STATIC without "
                                + "endpoints or workloadSelector, so inventory.bookinfo.svc.cluster.local has no endpoints "
                                + "and requests to it fail with 503 (expected: endpoints, a workloadSelector picking "
                                + "WorkloadEntries, or resolution DNS to resolve the hosts)"),
                AnalyzerCase.of("STATIC entry with listed endpoints is fine", """
                        apiVersion: networking.istio.io/v1
                        kind: ServiceEntry
                        metadata: {name: inventory, namespace: bookinfo}
                        spec:
                          hosts: [inventory.bookinfo.svc.cluster.local]
                          location: MESH_INTERNAL
                          resolution: STATIC
                          ports:
                          - {number: 8080, name: http, protocol: HTTP}
                          endpoints:
                          - {address: 10.10.0.51, labels: {version: v1}}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subsets")
    void flagsSubsetsThatSelectNoWorkload(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticEntries")
    void warnsOfStaticEntriesWithoutEndpoints(AnalyzerCase c) {
        assertThat(Bookinfo.analyze(c.yaml())).containsExactlyElementsOf(c.expected());
    }
}
