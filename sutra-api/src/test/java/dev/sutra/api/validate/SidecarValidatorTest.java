package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SidecarValidatorTest {

    private static final Fixture SIDECAR = Fixture.of("networking.istio.io/v1", "Sidecar");

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("namespace default and a workload-specific sidecar are valid", """
                        workloadSelector:
                          labels: {app: reviews}
                        ingress:
                        - port: {number: 9080, protocol: HTTP, name: http}
                          defaultEndpoint: 127.0.0.1:8080
                        egress:
                        - port: {number: 3306, protocol: MYSQL, name: mysql}
                          hosts: [databases/mysql.databases.svc.cluster.local]
                        - hosts: [./*, istio-system/*, "~external/*"]
                        outboundTrafficPolicy: {mode: REGISTRY_ONLY}
                        """),
                Case.of("empty sidecar", """
                        workloadSelector:
                          labels: {app: reviews}
                        """,
                        "4:1 spec: missing (expected: at least one of ingress, egress, outboundTrafficPolicy or "
                                + "inboundConnectionPool)"),
                Case.of("egress host without a namespace and a short name", """
                        egress:
                        - hosts: [reviews.bookinfo.svc.cluster.local, bookinfo/reviews]
                        """,
                        "6:13 spec.egress[0].hosts[0]: \"reviews.bookinfo.svc.cluster.local\" (expected: namespace/host, "
                                + "like ./reviews.bookinfo.svc.cluster.local or istio-system/*)",
                        "6:49 spec.egress[0].hosts[1]: \"bookinfo/reviews\" (expected: a fully qualified host after the /, "
                                + "not the short name \"reviews\")"),
                Case.of("two catch-all egress listeners, the first not last", """
                        egress:
                        - hosts: [./*]
                        - port: {number: 9080, protocol: HTTP, name: http}
                          hosts: [./*]
                        - hosts: [istio-system/*]
                        """,
                        "6:5 spec.egress[0]: an egress listener without a port before others (expected: it last)",
                        "9:5 spec.egress[2]: a second egress listener without a port (expected: at most one, the last)"),
                Case.of("ingress without a port, a remote default endpoint and repeated ports", """
                        ingress:
                        - defaultEndpoint: 127.0.0.1:8080
                        - port: {number: 9080, protocol: HTTP, name: http}
                          defaultEndpoint: 10.0.0.1:8080
                        - port: {number: 9080, protocol: HTTP, name: http-2}
                          defaultEndpoint: 127.0.0.1:8081
                        """,
                        "6:5 spec.ingress[0].port: missing (expected: the port the listener accepts traffic on)",
                        "8:5 spec.ingress[1].defaultEndpoint: \"10.0.0.1:8080\" (expected: 127.0.0.1:<port>, "
                                + "0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://<path>)",
                        "9:12 spec.ingress[2].port.number: 9080 (expected: a port unique among ingress listeners)"),
                Case.of("egress proxy with REGISTRY_ONLY", """
                        outboundTrafficPolicy:
                          mode: REGISTRY_ONLY
                          egressProxy: {host: egress.example.com, port: {number: 3128}}
                        """,
                        "7:5 spec.outboundTrafficPolicy.egressProxy: set together with mode REGISTRY_ONLY (expected: "
                                + "egressProxy only with mode ALLOW_ANY)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachErrorAtItsField(Case c) {
        assertThat(SIDECAR.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }
}
