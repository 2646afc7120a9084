package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DestinationRuleValidatorTest {

    private static final Fixture DR = Fixture.of("networking.istio.io/v1", "DestinationRule");

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("subsets with policies, outlier detection and consistent hashing are valid", """
                        host: reviews
                        trafficPolicy:
                          tls: {mode: ISTIO_MUTUAL}
                          connectionPool:
                            tcp: {maxConnections: 100, connectTimeout: 30ms, idleTimeout: 0s}
                            http: {http1MaxPendingRequests: 64, maxRetries: 3, idleTimeout: 1h}
                          outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m}
                          loadBalancer:
                            consistentHash:
                              httpCookie: {name: user, ttl: 0s}
                          portLevelSettings:
                          - port: {number: 9080}
                            loadBalancer: {simple: ROUND_ROBIN}
                        subsets:
                        - name: v1
                          labels: {version: v1, app.kubernetes.io/part-of: bookinfo}
                        - name: v2
                          labels: {version: v2}
                          trafficPolicy:
                            loadBalancer:
                              consistentHash:
                                maglev: {tableSize: 65537}
                                httpHeaderName: x-user
                        """),
                Case.of("duplicate and malformed subsets", """
                        host: reviews
                        subsets:
                        - name: v1
                          labels: {version: v1}
                        - name: v1
                          labels: {version: "v1 beta"}
                        - name: Version_2
                        - labels: {version: v3}
                        """,
                        "9:5 spec.subsets[1].name: \"v1\" (expected: a name unique among subsets; spec.subsets[0] has it already)",
                        "10:14 spec.subsets[1].labels.version: \"v1 beta\" (expected: a label value: up to 63 letters, "
                                + "digits, '-', '_' or '.', starting and ending with a letter or digit)",
                        "11:5 spec.subsets[2].name: \"Version_2\" (expected: a subset name: a DNS label like v1)",
                        "12:5 spec.subsets[3].name: missing (expected: a subset name: a DNS label like v1)"),
                Case.of("MUTUAL without certificates, ISTIO_MUTUAL with them", """
                        host: reviews
                        trafficPolicy:
                          tls: {mode: MUTUAL, caCertificates: /etc/certs/ca.pem}
                        subsets:
                        - name: v1
                          labels: {version: v1}
                          trafficPolicy:
                            tls: {mode: ISTIO_MUTUAL, caCertificates: /etc/certs/ca.pem}
                        """,
                        "7:5 spec.trafficPolicy.tls.clientCertificate: missing (expected: a client certificate file for "
                                + "MUTUAL, or credentialName)",
                        "7:5 spec.trafficPolicy.tls.privateKey: missing (expected: a private key file for MUTUAL, or "
                                + "credentialName)",
                        "12:33 spec.subsets[0].trafficPolicy.tls.caCertificates: \"/etc/certs/ca.pem\" (expected: unset "
                                + "with ISTIO_MUTUAL, which uses the mesh's certificates; use MUTUAL for your own)"),
                Case.of("SIMPLE with both a credential and files, skipping verification with a CA", """
                        host: api.payments.example.com
                        trafficPolicy:
                          tls:
                            mode: SIMPLE
                            credentialName: payments-ca
                            caCertificates: /etc/certs/ca.pem
                            insecureSkipVerify: true
                        """,
                        "10:7 spec.trafficPolicy.tls.caCertificates: set together with credentialName (expected: "
                                + "certificates from credentialName or from files, not both)",
                        "10:7 spec.trafficPolicy.tls.caCertificates: set together with insecureSkipVerify: true "
                                + "(expected: no CA when verification is skipped)",
                        "9:7 spec.trafficPolicy.tls.credentialName: set together with insecureSkipVerify: true "
                                + "(expected: no CA credential when verification is skipped)"),
                Case.of("outlier detection and connection pool out of range", """
                        host: ratings
                        trafficPolicy:
                          outlierDetection: {maxEjectionPercent: 150, interval: "5", consecutiveLocalOriginFailures: 3}
                          connectionPool:
                            http: {http1MaxPendingRequests: -1, h2UpgradePolicy: UPGRADE, useClientProtocol: true}
                        """,
                        "7:49 spec.trafficPolicy.outlierDetection.interval: \"5\" (expected: a duration of at least 1ms "
                                + "in whole milliseconds, like 100ms, 1.5s or 2m)",
                        "7:64 spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures: 3 (expected: unset "
                                + "unless splitExternalLocalOriginErrors is true)",
                        "7:24 spec.trafficPolicy.outlierDetection.maxEjectionPercent: 150 (expected: 0 to 100)",
                        "9:14 spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests: -1 (expected: 0 or more)",
                        "9:69 spec.trafficPolicy.connectionPool.http.useClientProtocol: set together with "
                                + "h2UpgradePolicy: UPGRADE (expected: useClientProtocol false when connections are "
                                + "upgraded to HTTP/2)"),
                Case.of("empty traffic policy and connection pool", """
                        host: ratings
                        trafficPolicy: {}
                        subsets:
                        - name: v1
                          trafficPolicy:
                            connectionPool: {}
                        """,
                        "6:3 spec.trafficPolicy: missing (expected: at least one setting, or no trafficPolicy at all)",
                        "10:7 spec.subsets[0].trafficPolicy.connectionPool: missing (expected: http, tcp or both)"),
                Case.of("consistent hash without a cookie name and a maglev table that is not prime", """
                        host: ratings
                        trafficPolicy:
                          loadBalancer:
                            consistentHash:
                              httpCookie: {ttl: 10s}
                              maglev: {tableSize: 1000}
                        """,
                        "9:9 spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name: missing (expected: the "
                                + "cookie name to hash on)",
                        "10:18 spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: 1000 (expected: a prime "
                                + "below 5000011, like 65537)"),
                Case.of("locality weights that do not add up to 100", """
                        host: ratings
                        trafficPolicy:
                          outlierDetection: {consecutive5xxErrors: 5}
                          loadBalancer:
                            localityLbSetting:
                              distribute:
                              - from: eu-west1/*
                                to: {"eu-west1/*": 70, "eu-east1/*": 20}
                        """,
                        "12:11 spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to: weights sum to 90 "
                                + "(expected: 100, the share of traffic in percent)"),
                Case.of("port-level settings without a port or settings", """
                        host: ratings
                        trafficPolicy:
                          portLevelSettings:
                          - tls: {mode: ISTIO_MUTUAL}
                          - port: {number: 70000}
                        """,
                        "8:7 spec.trafficPolicy.portLevelSettings[0].port: missing (expected: the port number the "
                                + "settings apply to)",
                        "9:14 spec.trafficPolicy.portLevelSettings[1].port.number: 70000 (expected: 1 to 65535)",
                        "9:7 spec.trafficPolicy.portLevelSettings[1]: missing (expected: at least one of connectionPool, "
                                + "loadBalancer, outlierDetection or tls)"),
                Case.of("workload selector exported beyond the namespace", """
                        host: ratings
                        workloadSelector:
                          matchLabels: {app: ratings}
                        exportTo: ["*"]
                        """,
                        "8:3 spec.exportTo: \"*\" (expected: only this namespace (.) when workloadSelector is set)"),
                Case.of("short host with an invalid label", """
                        host: ratings..bookinfo
                        """,
                        "5:3 spec.host: \"ratings..bookinfo\" has an empty label (expected: " + HostRules.EXPECTED_HOST + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachErrorAtItsField(Case c) {
        assertThat(DR.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }

    @Test
    void failoverWithoutOutlierDetectionIsAWarningAsInIstio() {
        String spec = """
                host: ratings
                trafficPolicy:
                  loadBalancer:
                    localityLbSetting:
                      failover:
                      - {from: eu-west1, to: eu-east1}
                """;
        assertThat(DR.errors(spec)).isEmpty();
        assertThat(DR.warnings(spec)).containsExactly("8:7 spec.trafficPolicy.loadBalancer.localityLbSetting: failover "
                + "without outlierDetection (expected: an outlierDetection in the same traffic policy, which failover "
                + "depends on)");
    }
}
