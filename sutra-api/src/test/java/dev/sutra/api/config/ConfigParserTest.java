package dev.sutra.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    private final ConfigParser parser = new ConfigParser();

    @Test
    void readsEveryServedVersionIntoTheSameSpec() {
        for (String version : new String[] {"v1alpha3", "v1beta1", "v1"}) {
            ParseResult result = parser.parse("vs.yaml", """
                    apiVersion: networking.istio.io/%s
                    kind: VirtualService
                    metadata:
                      name: reviews
                      namespace: bookinfo
                    spec:
                      hosts: [reviews]
                      http:
                      - match:
                        - uri:
                            prefix: /api
                        route:
                        - destination: {host: reviews, subset: v2}
                    """.formatted(version));
            assertThat(result.errors()).isEmpty();
            ConfigResource<VirtualService> vs = result.resources().get(0).as(VirtualService.class);
            assertThat(vs.key()).hasToString("VirtualService bookinfo/reviews");
            assertThat(vs.apiVersion()).isEqualTo("networking.istio.io/" + version);
            assertThat(vs.spec().getHttp().get(0).getMatch().get(0).getUri().getMatchType())
                    .isInstanceOf(StringMatchPrefix.class);
        }
    }

    @Test
    void namespaceDefaultsToDefault() {
        ParseResult result = parser.parse("dr.yaml", """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: reviews}
                spec: {host: reviews}
                """);
        assertThat(result.resources()).singleElement()
                .satisfies(r -> assertThat(r.namespace()).isEqualTo("default"));
    }

    @Test
    void unknownFieldNamesItsPathLineAndLikelyIntent() {
        ParseResult result = parser.parse("vs.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: reviews
                spec:
                  hosts: [reviews]
                  http:
                  - route:
                    - destination: {host: reviews}
                      wieght: 100
                """);
        assertThat(result.resources()).isEmpty();
        assertThat(result.errors()).singleElement().hasToString(
                "vs.yaml:10:7: VirtualService default/reviews: spec.http[0].route[0].wieght: "
                        + "unknown field \"wieght\" (did you mean \"weight\"?)");
    }

    @Test
    void unknownFieldInsideOneOfSuggestsTheAlternatives() {
        ParseResult result = parser.parse("vs.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: reviews}
                spec:
                  hosts: [reviews]
                  http:
                  - match:
                    - uri:
                        prefx: /api
                    route:
                    - destination: {host: reviews}
                """);
        assertThat(result.errors()).singleElement().hasToString(
                "vs.yaml:9:9: VirtualService default/reviews: spec.http[0].match[0].uri.prefx: "
                        + "unknown field \"prefx\" (did you mean \"prefix\"?)");
    }

    @Test
    void wrongTypeNamesTheExpectedType() {
        ParseResult result = parser.parse("vs.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: reviews}
                spec:
                  hosts: [reviews]
                  http:
                  - route:
                    - destination: {host: reviews}
                      weight: lots
                """);
        assertThat(result.errors()).singleElement().hasToString(
                "vs.yaml:9:7: VirtualService default/reviews: spec.http[0].route[0].weight: "
                        + "invalid value \"lots\" (expected: an integer)");
    }

    @Test
    void unknownKindAndUnservedVersionAreErrors() {
        ParseResult result = parser.parse("mixed.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualServce
                metadata: {name: a}
                ---
                apiVersion: security.istio.io/v1alpha1
                kind: PeerAuthentication
                metadata: {name: b}
                """);
        assertThat(result.errors()).extracting(ConfigError::toString).containsExactly(
                "mixed.yaml:2:1: kind: unknown kind \"VirtualServce\" (did you mean \"VirtualService\"?) "
                        + "(Sutra reads: ServiceEntry, WorkloadEntry, VirtualService, DestinationRule, Gateway, "
                        + "Sidecar, PeerAuthentication, AuthorizationPolicy, RequestAuthentication, Telemetry)",
                "mixed.yaml:5:1: apiVersion: Istio does not serve PeerAuthentication in security.istio.io/v1alpha1 "
                        + "(expected one of: [security.istio.io/v1beta1, security.istio.io/v1])");
    }

    @Test
    void syntaxErrorPointsAtItsLineInALaterDocument() {
        ParseResult result = parser.parse("two.yaml", """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: ok}
                spec: {host: ok}
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: broken
                spec: {host: x}
                """);
        assertThat(result.resources()).hasSize(1);
        assertThat(result.errors()).singleElement()
                .satisfies(e -> assertThat(e.position().line()).isBetween(8, 10))
                .satisfies(e -> assertThat(e.reason()).startsWith("syntax error"));
    }

    @Test
    void duplicateKeysAreErrors() {
        ParseResult result = parser.parse("dup.yaml", """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: a}
                spec:
                  host: a
                  host: b
                """);
        assertThat(result.errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("host"));
    }

    @Test
    void readsJson() {
        ParseResult result = parser.parse("se.json", """
                {"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry",
                 "metadata": {"name": "ext", "namespace": "ns1"},
                 "spec": {"hosts": ["api.example.com"], "ports": [{"number": 443, "name": "https", "protocol": "TLS"}],
                          "resolution": "DNS"}}
                """);
        assertThat(result.errors()).isEmpty();
        assertThat(result.resources()).singleElement()
                .satisfies(r -> assertThat(r.key()).hasToString("ServiceEntry ns1/ext"));
    }

    @Test
    void badEnumValueListsTheChoices() {
        ParseResult result = parser.parse("se.yaml", """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: ext}
                spec:
                  hosts: [api.example.com]
                  resolution: DNZ
                """);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("spec.resolution");
            assertThat(e.reason()).contains("DNZ").contains("DNS");
            assertThat(e.position().line()).isEqualTo(6);
        });
    }
}
