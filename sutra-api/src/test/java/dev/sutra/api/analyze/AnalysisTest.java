package dev.sutra.api.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.analyze.Finding.Level;
import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.SourcePosition;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.api.mesh.Resolution;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.api.mesh.Sidecar;
import dev.sutra.api.mesh.Workload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisTest {

    private static final String INVENTORY_ROUTE = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: inventory, namespace: bookinfo}
            spec:
              hosts: [inventory]
              http:
              - route:
                - destination: {host: inventory, subset: v1}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: inventory, namespace: bookinfo}
            spec:
              host: inventory
              subsets:
              - name: v1
                labels: {version: v1}
            """;

    @Test
    void cleanBookinfoHasNoFindings() {
        assertThat(Bookinfo.parse().errors()).isEmpty();
        AnalysisResult result = Bookinfo.run("");
        assertThat(result.lines()).isEmpty();
        assertThat(result.isClean()).isTrue();
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.hasWarnings()).isFalse();
    }

    @Test
    void parseErrorsAreSchemaValidationErrorsAtTheirLine() {
        AnalysisResult result = Bookinfo.run("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: details-pool, namespace: bookinfo}
                spec:
                  host: details
                  trafficPolicy:
                    conectionPool:
                      tcp: {maxConnections: 10}
                """);
        assertThat(result.lines()).containsExactly("case.yaml:7: Error IST0106 DestinationRule bookinfo/details-pool: "
                + "spec.trafficPolicy.conectionPool: unknown field \"conectionPool\" (did you mean \"connectionPool\"?)");
        assertThat(result.hasErrors()).isTrue();
    }

    @Test
    void validationErrorsAndWarningsBecomeFindings() {
        AnalysisResult result = Bookinfo.run("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: details, namespace: bookinfo}
                spec:
                  hosts: [details]
                  http:
                  - route:
                    - destination: {host: details}
                      weight: -5
                    - destination: {host: details}
                      weight: 100
                    fault:
                      abort: {percentage: {value: 10}}
                """);
        assertThat(result.lines()).containsExactly(
                "case.yaml:9: Error IST0106 VirtualService bookinfo/details: spec.http[0].route[0].weight: -5 "
                        + "(expected: 0 or more; a destination receives weight/sum of all weights)",
                "case.yaml:13: Warning IST0133 VirtualService bookinfo/details: spec.http[0].fault.abort: no httpStatus "
                        + "or grpcStatus (expected: one of them; without a status the abort is dropped and injects nothing)");
        assertThat(result.count(Level.ERROR)).isEqualTo(1);
        assertThat(result.count(Level.WARNING)).isEqualTo(1);
    }

    @Test
    void resourceDefinedTwiceIsAnErrorAndTheLaterOneReplacesTheFirst() {
        AnalysisResult result = Bookinfo.run("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: ratings, namespace: bookinfo}
                spec:
                  host: ratings
                """);
        // The snapshot keeps the later definition, so bookinfo's routes to subset v1 lose it.
        assertThat(result.lines()).containsExactly(
                "bookinfo.yaml:244: Error IST0101 VirtualService bookinfo/ratings: spec.http[0].route[0].destination.subset: "
                        + "subset \"v1\" of ratings.bookinfo.svc.cluster.local is not defined: DestinationRule "
                        + "bookinfo/ratings defines no subsets; requests routed here fail with 503 (expected: a subset a "
                        + "DestinationRule for the host defines)",
                "bookinfo.yaml:247: Error IST0101 VirtualService bookinfo/ratings: spec.http[1].route[0].destination.subset: "
                        + "subset \"v1\" of ratings.bookinfo.svc.cluster.local is not defined: DestinationRule "
                        + "bookinfo/ratings defines no subsets; requests routed here fail with 503 (expected: a subset a "
                        + "DestinationRule for the host defines)",
                "case.yaml:1: Error IST0106 DestinationRule bookinfo/ratings: defined twice: also at bookinfo.yaml:155:1");
    }

    @Test
    void servicesRegisteredLiveCountAsKnown() {
        assertThat(Bookinfo.analyze(INVENTORY_ROUTE)).containsExactly(
                "case.yaml:5: Warning SUT0103 VirtualService bookinfo/inventory: spec.hosts[0]: host \"inventory\" "
                        + "(inventory.bookinfo.svc.cluster.local) matches no known service, so sidecars never apply these "
                        + "routes (expected: the host of a service)",
                "case.yaml:8: Error IST0101 VirtualService bookinfo/inventory: spec.http[0].route[0].destination.host: "
                        + "host \"inventory\" (inventory.bookinfo.svc.cluster.local) matches no known service; requests "
                        + "routed here fail with 503 (expected: the host of a ServiceEntry or registered service)",
                "case.yaml:14: Warning IST0174 DestinationRule bookinfo/inventory: spec.host: host \"inventory\" "
                        + "(inventory.bookinfo.svc.cluster.local) matches no known service, so this rule applies to no "
                        + "traffic (expected: the host of a service)");

        MeshService inventory = new MeshService("inventory.bookinfo.svc.cluster.local", "bookinfo",
                List.of(new ServicePort("http", 8080, Protocol.HTTP, 0)), Map.of("app", "inventory"), Resolution.STATIC,
                false, "proxy inventory-7f9c");
        Workload proxy = new Workload("inventory-7f9c", "bookinfo", "10.10.0.61",
                Map.of("app", "inventory", "version", "v1"), "inventory", Locality.NONE, 1, Map.of(),
                Sidecar.proxy("sidecar~10.10.0.61~inventory-7f9c.bookinfo", Map.of(8080, 15006)), "proxy inventory-7f9c");
        ConfigParser parser = new ConfigParser();
        AnalysisResult withLive = Analysis.builder()
                .add(Bookinfo.parse())
                .add(parser.parse(Bookinfo.CASE, INVENTORY_ROUTE))
                .liveServices(ServiceCatalog.of(List.of(inventory), List.of(proxy), Map.of()))
                .build()
                .run();
        assertThat(withLive.lines()).isEmpty();
    }

    @Test
    void findingsAreSortedByFileAndLine() {
        AnalysisResult result = Analysis.builder()
                .add(new ConfigParser().parse("b.yaml", """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: x, namespace: default}
                        spec:
                          host: x..y
                        """))
                .add(new ConfigParser().parse("a.yaml", "kind: [\n"))
                .analyzers(List.of())
                .build()
                .run();
        assertThat(result.findings()).extracting(f -> f.position().file()).containsExactly("a.yaml", "b.yaml");
        assertThat(result.findings().get(0).resource()).isNull();
    }

    @Test
    void findingWithoutALinePrintsTheSourceAlone() {
        Finding f = new Finding(Level.ERROR, "IST0106", "request body: not YAML", SourcePosition.unknown("stdin"), null);
        assertThat(f).hasToString("stdin: Error IST0106 request body: not YAML");
    }
}
