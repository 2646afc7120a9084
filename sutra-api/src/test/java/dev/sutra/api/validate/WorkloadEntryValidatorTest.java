package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadEntryValidatorTest {

    private static final Fixture WE = Fixture.of("networking.istio.io/v1", "WorkloadEntry");

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("VM with address, ports and labels is valid", """
                        address: 10.10.0.21
                        ports: {http: 9080, grpc-admin: 9090}
                        labels: {app: reviews, version: v1}
                        serviceAccount: bookinfo-reviews
                        locality: eu-west1/eu-west1-b/rack-7
                        """),
                Case.of("workload on another network without an address is valid", """
                        network: network-2
                        labels: {app: reviews}
                        """),
                Case.of("workload reached by host name is valid", """
                        address: vm-7.dc1.example.com
                        """),
                Case.of("no address and no network", """
                        labels: {app: reviews}
                        """,
                        "4:1 spec.address: missing (expected: an IP address or host name, or a network whose gateway "
                                + "reaches the workload)"),
                Case.of("ports out of range and badly named", """
                        address: 10.10.0.21
                        ports: {http: 70000, HTTP_2: 80}
                        """,
                        "6:11 spec.ports.http: 70000 (expected: 1 to 65535)",
                        "6:24 spec.ports.HTTP_2: \"HTTP_2\" (expected: a port name: a DNS label like http or grpc-api)"),
                Case.of("Unix socket with ports", """
                        address: unix:///var/run/app.sock
                        ports: {http: 80}
                        """,
                        "6:3 spec.ports: set together with a unix:// address (expected: no ports on a Unix socket endpoint)"),
                Case.of("invalid label key and locality", """
                        address: 10.10.0.21
                        labels: {"-app": reviews}
                        locality: a/b/c/d
                        """,
                        "6:12 spec.labels.-app: \"-app\" (expected: a label key: an optional DNS prefix and '/', then up "
                                + "to 63 letters, digits, '-', '_' or '.')",
                        "7:3 spec.locality: \"a/b/c/d\" (expected: region, region/zone or region/zone/subzone)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachErrorAtItsField(Case c) {
        assertThat(WE.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }
}
