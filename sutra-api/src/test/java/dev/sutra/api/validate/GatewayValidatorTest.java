package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GatewayValidatorTest {

    private static final Fixture GW = Fixture.of("networking.istio.io/v1", "Gateway");

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("HTTPS with a credential, HTTP redirecting and mutual TLS are valid", """
                        selector: {istio: ingressgateway}
                        servers:
                        - port: {number: 443, name: https, protocol: HTTPS}
                          hosts: [bookinfo/bookinfo.example.com, "*/*.example.org"]
                          tls: {mode: SIMPLE, credentialName: bookinfo-cert}
                        - port: {number: 80, name: http, protocol: HTTP}
                          hosts: ["*"]
                          tls: {httpsRedirect: true}
                        - port: {number: 8443, name: mtls, protocol: HTTPS}
                          hosts: [partners.example.com]
                          tls:
                            mode: MUTUAL
                            serverCertificate: /etc/certs/server.pem
                            privateKey: /etc/certs/key.pem
                            caCertificates: /etc/certs/partners-ca.pem
                        """),
                Case.of("no servers", """
                        selector: {istio: ingressgateway}
                        """,
                        "4:1 spec.servers: missing (expected: at least one server)"),
                Case.of("HTTPS without TLS, HTTP with certificates", """
                        servers:
                        - port: {number: 443, name: https, protocol: HTTPS}
                          hosts: ["*"]
                        - port: {number: 80, name: http, protocol: HTTP}
                          hosts: ["*"]
                          tls: {mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem}
                        """,
                        "6:5 spec.servers[0].tls: missing (expected: TLS settings for a HTTPS port)",
                        "10:5 spec.servers[1].tls: set together with port protocol HTTP (expected: tls only on HTTPS or "
                                + "TLS ports, or httpsRedirect alone on an HTTP port)"),
                Case.of("short host, partial wildcard and bad namespace", """
                        servers:
                        - port: {number: 80, name: http, protocol: HTTP}
                          hosts: [bookinfo/productpage, "*/api*.example.com", "Book_Info/*"]
                        """,
                        "7:13 spec.servers[0].hosts[0]: \"bookinfo/productpage\" (expected: a fully qualified host after "
                                + "the /, not the short name \"productpage\")",
                        "7:35 spec.servers[0].hosts[1]: \"*/api*.example.com\" has an invalid first label \"api*\" "
                                + "(expected: " + HostRules.EXPECTED_HOST + ")",
                        "7:57 spec.servers[0].hosts[2]: \"Book_Info/*\" (expected: a namespace of *, . or a namespace "
                                + "name before the /)"),
                Case.of("duplicate port names, missing name and an unknown protocol", """
                        servers:
                        - port: {number: 80, name: http, protocol: HTTP}
                          hosts: ["*"]
                        - port: {number: 8080, name: http, protocol: HTTP}
                          hosts: ["*"]
                        - port: {number: 9000, protocol: QUIC}
                          hosts: ["*"]
                        """,
                        "8:26 spec.servers[1].port.name: \"http\" (expected: a port name unique among servers; "
                                + "spec.servers[0] has it already)",
                        "10:26 spec.servers[2].port.protocol: \"QUIC\" (expected: " + Protocols.EXPECTED + ")",
                        "10:5 spec.servers[2].port.name: missing (expected: a port name, unique among the gateway's servers)"),
                Case.of("MUTUAL without a CA, ISTIO_MUTUAL with a certificate", """
                        servers:
                        - port: {number: 443, name: https, protocol: HTTPS}
                          hosts: ["*"]
                          tls: {mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem}
                        - port: {number: 15443, name: tls, protocol: TLS}
                          hosts: ["*"]
                          tls: {mode: ISTIO_MUTUAL, serverCertificate: /c.pem}
                        """,
                        "8:5 spec.servers[0].tls.caCertificates: missing (expected: a CA bundle to verify clients with "
                                + "in mode MUTUAL, or credentialName)",
                        "11:5 spec.servers[1].tls: certificates set with mode ISTIO_MUTUAL (expected: none; ISTIO_MUTUAL "
                                + "uses the mesh's certificates, use MUTUAL for your own)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachErrorAtItsField(Case c) {
        assertThat(GW.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }

    @Test
    void gatewayNameMayNotHaveADotSinceRoutesReferToItAsNamespaceSlashName() {
        assertThat(GW.named("ingress.public").errors("""
                servers:
                - port: {number: 80, name: http, protocol: HTTP}
                  hosts: ["*"]
                """)).containsExactly("3:12 metadata.name: \"ingress.public\" (expected: a DNS label (no dots), since "
                + "VirtualServices refer to gateways as namespace/name)");
    }
}
