package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PeerAuthentication, AuthorizationPolicy and RequestAuthentication. */
class SecurityValidatorsTest {

    private static final Fixture PA = Fixture.of("security.istio.io/v1", "PeerAuthentication");
    private static final Fixture AP = Fixture.of("security.istio.io/v1", "AuthorizationPolicy");
    private static final Fixture RA = Fixture.of("security.istio.io/v1", "RequestAuthentication");

    static Stream<Case> peerAuthentications() {
        return Stream.of(
                Case.of("workload policy with a permissive port is valid", """
                        selector:
                          matchLabels: {app: reviews}
                        mtls: {mode: STRICT}
                        portLevelMtls:
                          "9090": {mode: PERMISSIVE}
                        """),
                Case.of("port-level mTLS on a namespace-wide policy", """
                        mtls: {mode: STRICT}
                        portLevelMtls:
                          "9090": {mode: DISABLE}
                        """,
                        "6:3 spec.portLevelMtls: set on a namespace-wide policy without a selector (expected: "
                                + "selector.matchLabels; port numbers are those of the selected workloads)"),
                Case.of("port zero and a wildcard selector", """
                        selector:
                          matchLabels: {app: "*"}
                        portLevelMtls:
                          "0": {mode: DISABLE}
                        """,
                        "8:5 spec.portLevelMtls.0: \"0\" (expected: a port number from 1 to 65535)",
                        "6:19 spec.selector.matchLabels.app: \"*\" (expected: an exact label; selectors do not support "
                                + "wildcards)"));
    }

    static Stream<Case> authorizationPolicies() {
        return Stream.of(
                Case.of("allow from a principal to GET on a port is valid", """
                        selector:
                          matchLabels: {app: reviews}
                        rules:
                        - from:
                          - source: {principals: [cluster.local/ns/bookinfo/sa/productpage], ipBlocks: [10.0.0.0/8]}
                          to:
                          - operation: {methods: [GET], ports: ["9080"], paths: ["/reviews/{*}", "/api/{**}"]}
                          when:
                          - key: request.headers[x-tenant]
                            values: [acme]
                          - key: source.ip
                            notValues: [10.0.0.1]
                        """),
                Case.of("DENY without rules", """
                        action: DENY
                        """,
                        "4:1 spec.rules: missing (expected: at least one rule for action DENY, which never applies without "
                                + "one; add an empty rule {} to apply to every request)"),
                Case.of("CUSTOM without a provider, provider on ALLOW", """
                        action: CUSTOM
                        rules:
                        - to:
                          - operation: {paths: [/admin]}
                        """,
                        "4:1 spec.provider.name: missing (expected: the extension provider that decides, for action CUSTOM)"),
                Case.of("provider on an ALLOW policy", """
                        action: ALLOW
                        provider: {name: opa}
                        rules:
                        - {}
                        """,
                        "6:3 spec.provider: set together with action ALLOW (expected: provider only with action CUSTOM)"),
                Case.of("empty source, accounts beside principals, bad CIDR", """
                        rules:
                        - from:
                          - source: {}
                          - source:
                              principals: [cluster.local/ns/a/sa/b]
                              serviceAccounts: [a/b/c]
                              ipBlocks: [10.0.0.0/33, ""]
                        """,
                        "7:7 spec.rules[0].from[0].source: missing (expected: at least one of principals, "
                                + "requestPrincipals, namespaces, serviceAccounts, ipBlocks, remoteIpBlocks or their "
                                + "not- forms)",
                        "10:9 spec.rules[0].from[1].source.serviceAccounts: set together with principals or namespaces "
                                + "(expected: serviceAccounts, or principals and namespaces, not both)",
                        "10:27 spec.rules[0].from[1].source.serviceAccounts[0]: \"a/b/c\" (expected: a service account as "
                                + "name or namespace/name, without wildcards)",
                        "11:20 spec.rules[0].from[1].source.ipBlocks[0]: \"10.0.0.0/33\" (expected: an IP address or CIDR "
                                + "block, like 10.0.0.0/16)",
                        "11:33 spec.rules[0].from[1].source.ipBlocks[1]: \"\" (expected: a non-empty value)"),
                Case.of("named port and a misplaced path template", """
                        rules:
                        - to:
                          - operation: {ports: [http], paths: ["/api/{**}/details", "/api/{**}/{*}"]}
                        """,
                        "7:27 spec.rules[0].to[0].operation.ports[0]: \"http\" (expected: a port number from 0 to 65535)",
                        "7:63 spec.rules[0].to[0].operation.paths[1]: \"/api/{**}/{*}\" (expected: no path template "
                                + "after {**}, which matches the rest of the path)"),
                Case.of("unknown condition key, no values, bad port value", """
                        rules:
                        - when:
                          - key: source.namspace
                            values: [bookinfo]
                          - key: request.headers[x-user]
                          - key: destination.port
                            values: ["99999"]
                          - key: request.headers
                            values: [a]
                        """,
                        "7:7 spec.rules[0].when[0].key: \"source.namspace\" (expected: a known condition key; did you "
                                + "mean \"source.namespace\"?)",
                        "9:7 spec.rules[0].when[1].values: missing (expected: values or notValues for key "
                                + "request.headers[x-user])",
                        "11:16 spec.rules[0].when[2].values[0]: \"99999\" (expected: a port number from 0 to 65535)",
                        "12:7 spec.rules[0].when[3].key: \"request.headers\" (expected: a key with a name in brackets, "
                                + "like request.headers[name])"),
                Case.of("CUSTOM matching on identities", """
                        action: CUSTOM
                        provider: {name: ext-authz}
                        rules:
                        - from:
                          - source: {principals: [cluster.local/ns/a/sa/b]}
                          when:
                          - key: request.auth.claims[group]
                            values: [admin]
                        """,
                        "9:16 spec.rules[0].from[0].source.principals: set in a CUSTOM policy (expected: only ipBlocks "
                                + "and remoteIpBlocks in sources; the external authorizer sees identities itself)",
                        "11:7 spec.rules[0].when[0].key: \"request.auth.claims[group]\" (expected: a key other than source "
                                + "identities and request.auth.* in a CUSTOM policy)"),
                Case.of("selector and targetRefs together, targetRef to a Deployment", """
                        selector:
                          matchLabels: {app: reviews}
                        targetRefs:
                        - {kind: Deployment, group: apps, name: reviews}
                        rules:
                        - {}
                        """,
                        "5:3 spec.selector: set together with targetRefs (expected: one of selector, targetRef or targetRefs)",
                        "8:6 spec.targetRefs[0].kind: \"Deployment\" (expected: Service (group \"\"), ServiceEntry "
                                + "(networking.istio.io), Gateway or GatewayClass (gateway.networking.k8s.io))"));
    }

    static Stream<Case> requestAuthentications() {
        return Stream.of(
                Case.of("issuer with a JWKS URL and header locations is valid", """
                        selector:
                          matchLabels: {app: productpage}
                        jwtRules:
                        - issuer: https://auth.example.com/
                          jwksUri: https://auth.example.com/.well-known/jwks.json
                          audiences: [bookinfo]
                          fromHeaders: [{name: x-jwt-assertion}]
                          outputClaimToHeaders: [{header: x-user, claim: sub}]
                          timeout: 5s
                        - issuer: testing@secure.istio.io
                          jwks: '{"keys": [{"kty": "RSA", "e": "AQAB", "n": "xyz"}]}'
                        """),
                Case.of("rule without issuer or JWKS location", """
                        jwtRules:
                        - audiences: [bookinfo, ""]
                        """,
                        "6:5 spec.jwtRules[0].issuer: missing (expected: the issuer whose tokens are accepted (or at least "
                                + "jwksUri))",
                        "6:27 spec.jwtRules[0].audiences[1]: \"\" (expected: a non-empty value)"),
                Case.of("JWKS inline and by URL, the URL not HTTP", """
                        jwtRules:
                        - issuer: https://auth.example.com/
                          jwksUri: ftp://auth.example.com/keys
                          jwks: '{"issuer": "x"}'
                        """,
                        "8:5 spec.jwtRules[0].jwks: set together with jwksUri (expected: jwks or jwksUri, not both)",
                        "7:5 spec.jwtRules[0].jwksUri: \"ftp://auth.example.com/keys\" (expected: an http:// or https:// "
                                + "URL with a host)",
                        "8:5 spec.jwtRules[0].jwks: JSON without keys (expected: a JSON Web Key Set, {\"keys\": [...]})"),
                Case.of("token header without a name, claim header with a space", """
                        jwtRules:
                        - issuer: https://auth.example.com/
                          fromHeaders: [{prefix: "Bearer "}]
                          outputClaimToHeaders: [{header: "x user", claim: sub}]
                          timeout: 0s
                        """,
                        "7:19 spec.jwtRules[0].fromHeaders[0].name: missing (expected: the header the token is in)",
                        "8:29 spec.jwtRules[0].outputClaimToHeaders[0].header: \"x user\" (expected: a header name of "
                                + "letters, digits, '-' and '_')",
                        "9:5 spec.jwtRules[0].timeout: \"0s\" (expected: a duration of at least 1ms in whole milliseconds, "
                                + "like 100ms, 1.5s or 2m)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peerAuthentications")
    void peerAuthenticationErrors(Case c) {
        assertThat(PA.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authorizationPolicies")
    void authorizationPolicyErrors(Case c) {
        assertThat(AP.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestAuthentications")
    void requestAuthenticationErrors(Case c) {
        assertThat(RA.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }

    @Test
    void portLevelMtlsWithoutSelectorInTheRootNamespaceIsCalledMeshWide() {
        assertThat(PA.in("istio-system").errors("""
                mtls: {mode: STRICT}
                portLevelMtls:
                  "9090": {mode: DISABLE}
                """)).containsExactly("6:3 spec.portLevelMtls: set on a mesh-wide policy (root namespace istio-system) "
                + "without a selector (expected: selector.matchLabels; port numbers are those of the selected workloads)");
    }

    @Test
    void denyRuleWithOnlyHttpAttributesWarnsThatItDeniesAllTcp() {
        String spec = """
                selector:
                  matchLabels: {app: ratings}
                action: DENY
                rules:
                - to:
                  - operation: {methods: [DELETE]}
                """;
        assertThat(AP.errors(spec)).isEmpty();
        assertThat(AP.warnings(spec)).containsExactly("9:5 spec.rules[0]: a DENY rule with only HTTP attributes "
                + "(methods, paths, hosts, request principals) denies every TCP connection to the selected workloads "
                + "(expected: to.operation.ports to limit it to HTTP ports)");
        assertThat(AP.warnings(spec.replace("methods: [DELETE]", "methods: [DELETE], ports: [\"9080\"]"))).isEmpty();
    }
}
