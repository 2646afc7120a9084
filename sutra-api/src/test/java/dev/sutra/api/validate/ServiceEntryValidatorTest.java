package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceEntryValidatorTest {

    private static final Fixture SE = Fixture.of("networking.istio.io/v1", "ServiceEntry");

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("external API resolved by DNS is valid", """
                        hosts: [api.payments.example.com]
                        location: MESH_EXTERNAL
                        resolution: DNS
                        ports:
                        - {number: 443, name: https, protocol: TLS}
                        """),
                Case.of("static VMs listed as endpoints are valid", """
                        hosts: [legacy.internal.example.com]
                        addresses: [10.20.0.0/24]
                        location: MESH_INTERNAL
                        resolution: STATIC
                        ports:
                        - {number: 8080, name: http, protocol: HTTP, targetPort: 18080}
                        endpoints:
                        - {address: 10.20.0.5, ports: {http: 8080}, labels: {version: v1}, locality: us-east1/b}
                        - address: unix:///var/run/legacy.sock
                        """),
                Case.of("no hosts, or * as a host", """
                        hosts: ["*"]
                        ports:
                        - {number: 80, name: http, protocol: HTTP}
                        """,
                        "5:11 spec.hosts[0]: \"*\" (expected: a host name or *.domain; * alone would capture every host)"),
                Case.of("wildcard host resolved by DNS without endpoints", """
                        hosts: ["*.googleapis.com"]
                        resolution: DNS
                        ports:
                        - {number: 443, name: tls, protocol: TLS}
                        """,
                        "5:11 spec.hosts[0]: \"*.googleapis.com\" (expected: a host name DNS can resolve, since resolution "
                                + "DNS without endpoints resolves the hosts)"),
                Case.of("ports repeated by number and by name, with an unknown protocol", """
                        hosts: [api.example.com]
                        resolution: DNS
                        ports:
                        - {number: 443, name: https, protocol: HTTPS}
                        - {number: 443, name: https, protocol: HTTPX}
                        - {number: 0, name: Admin_Port}
                        """,
                        "9:19 spec.ports[1].name: \"https\" (expected: a name unique among ports)",
                        "9:6 spec.ports[1].number: 443 (expected: a number unique among ports; spec.ports[0] has it already)",
                        "9:32 spec.ports[1].protocol: \"HTTPX\" (expected: " + Protocols.EXPECTED + ")",
                        "10:17 spec.ports[2].name: \"Admin_Port\" (expected: a port name: a DNS label like http or grpc-api)",
                        "10:6 spec.ports[2].number: 0 (expected: 1 to 65535)"),
                Case.of("endpoints with resolution NONE", """
                        hosts: [db.example.com]
                        resolution: NONE
                        ports:
                        - {number: 5432, name: tcp-postgres, protocol: TCP}
                        endpoints:
                        - address: 10.0.0.7
                        """,
                        "9:3 spec.endpoints: \"1 endpoints\" (expected: no endpoints with resolution NONE, which forwards "
                                + "to the address the client dialled)"),
                Case.of("workload selector beside endpoints", """
                        hosts: [reviews.bookinfo.svc.cluster.local]
                        resolution: STATIC
                        ports:
                        - {number: 9080, name: http, protocol: HTTP}
                        workloadSelector:
                          labels: {app: reviews}
                        endpoints:
                        - address: 10.0.0.7
                        """,
                        "9:3 spec.workloadSelector: set together with endpoints (expected: workloadSelector or endpoints, "
                                + "not both)"),
                Case.of("static endpoint named by host, with a port the entry lacks", """
                        hosts: [legacy.internal.example.com]
                        resolution: STATIC
                        ports:
                        - {number: 8080, name: http, protocol: HTTP}
                        endpoints:
                        - address: vm1.internal.example.com
                          ports: {grpc: 9090}
                        """,
                        "10:5 spec.endpoints[0].address: \"vm1.internal.example.com\" (expected: an IP address or "
                                + "unix:// path with STATIC resolution)",
                        "11:13 spec.endpoints[0].ports.grpc: \"grpc\" (expected: the name of a port of this ServiceEntry "
                                + "[http])"),
                Case.of("Unix socket endpoint with ports, relative path", """
                        hosts: [local.sock]
                        resolution: STATIC
                        ports:
                        - {number: 80, name: http, protocol: HTTP}
                        - {number: 81, name: http-admin, protocol: HTTP}
                        endpoints:
                        - address: unix://var/run/app.sock
                          ports: {http: 80}
                        """,
                        "11:5 spec.endpoints[0].address: \"unix://var/run/app.sock\" is not an absolute path to a file "
                                + "(expected: unix:///absolute/path or unix://@abstract-name)",
                        "12:5 spec.endpoints[0].ports: set together with a unix:// address (expected: no ports on a Unix "
                                + "socket endpoint)",
                        "11:5 spec.endpoints[0].address: a Unix socket endpoint of a ServiceEntry with 2 ports (expected: "
                                + "exactly one port on the ServiceEntry)"),
                Case.of("CIDR block with DNS resolution, several hosts on TCP", """
                        hosts: [a.example.com, b.example.com]
                        addresses: [10.1.0.0/16, 300.1.1.1]
                        resolution: DNS
                        ports:
                        - {number: 5432, name: tcp-postgres, protocol: TCP}
                        """,
                        "6:15 spec.addresses[0]: \"10.1.0.0/16\" (expected: a single address; CIDR blocks need resolution "
                                + "NONE or STATIC, not DNS)",
                        "6:28 spec.addresses[1]: \"300.1.1.1\" (expected: an IP address or CIDR block)",
                        "9:5 spec.ports[0]: a TCP port on a ServiceEntry with 2 hosts (expected: HTTP or TLS ports, which "
                                + "carry the host name, or one ServiceEntry per host)"),
                Case.of("round-robin DNS with two endpoints", """
                        hosts: [api.example.com]
                        resolution: DNS_ROUND_ROBIN
                        ports:
                        - {number: 443, name: tls, protocol: TLS}
                        endpoints:
                        - address: api-1.example.com
                        - address: api-2.example.com
                        """,
                        "9:3 spec.endpoints: \"2 endpoints\" (expected: at most one endpoint with DNS_ROUND_ROBIN)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachErrorAtItsField(Case c) {
        assertThat(SE.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }
}
