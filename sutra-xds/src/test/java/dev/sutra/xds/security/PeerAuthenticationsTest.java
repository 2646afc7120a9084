package dev.sutra.xds.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Istio's PeerAuthentication precedence, case by case, for a workload {@code app: reviews} in {@code default}. */
class PeerAuthenticationsTest {

    private static final Map<String, String> REVIEWS = Map.of("app", "reviews", "version", "v1");

    /** A named case: the policies in force and the mode the workload's port {@code port} must get. */
    record Case(String name, List<String> policies, int port, MtlsMode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> workloadCases() {
        return Stream.of(
                new Case("no policy: PERMISSIVE", List.of(), 9080, MtlsMode.PERMISSIVE),
                new Case("mesh STRICT", List.of(mesh("default", "mtls: {mode: STRICT}")), 9080, MtlsMode.STRICT),
                new Case("mesh UNSET: PERMISSIVE",
                        List.of(mesh("default", "mtls: {mode: UNSET}")), 9080, MtlsMode.PERMISSIVE),
                new Case("mesh without mtls: PERMISSIVE", List.of(mesh("default", "{}")), 9080, MtlsMode.PERMISSIVE),
                new Case("namespace overrides mesh", List.of(
                        mesh("default", "mtls: {mode: STRICT}"),
                        policy("default", "default", "mtls: {mode: PERMISSIVE}")), 9080, MtlsMode.PERMISSIVE),
                new Case("namespace UNSET inherits mesh", List.of(
                        mesh("default", "mtls: {mode: STRICT}"),
                        policy("default", "default", "mtls: {mode: UNSET}")), 9080, MtlsMode.STRICT),
                new Case("another namespace's policy does not apply", List.of(
                        mesh("default", "mtls: {mode: DISABLE}"),
                        policy("other", "default", "mtls: {mode: STRICT}")), 9080, MtlsMode.DISABLE),
                new Case("empty matchLabels is namespace-wide", List.of(
                        policy("default", "default", "selector: {matchLabels: {}}, mtls: {mode: STRICT}")),
                        9080, MtlsMode.STRICT),
                new Case("workload overrides namespace", List.of(
                        policy("default", "default", "mtls: {mode: STRICT}"),
                        policy("default", "reviews", "selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}")),
                        9080, MtlsMode.DISABLE),
                new Case("workload UNSET inherits namespace", List.of(
                        policy("default", "default", "mtls: {mode: DISABLE}"),
                        policy("default", "reviews", "selector: {matchLabels: {app: reviews}}, mtls: {mode: UNSET}")),
                        9080, MtlsMode.DISABLE),
                new Case("workload UNSET inherits mesh through an absent namespace level", List.of(
                        mesh("default", "mtls: {mode: STRICT}"),
                        policy("default", "reviews", "selector: {matchLabels: {app: reviews}}")),
                        9080, MtlsMode.STRICT),
                new Case("selector must match every label", List.of(
                        policy("default", "default", "mtls: {mode: STRICT}"),
                        policy("default", "reviews-v2",
                                "selector: {matchLabels: {app: reviews, version: v2}}, mtls: {mode: DISABLE}")),
                        9080, MtlsMode.STRICT),
                new Case("selector in another namespace does not apply", List.of(
                        policy("other", "reviews", "selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}")),
                        9080, MtlsMode.PERMISSIVE),
                new Case("selector in the root namespace is ignored", List.of(
                        mesh("default", "mtls: {mode: STRICT}"),
                        mesh("reviews", "selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}")),
                        9080, MtlsMode.STRICT),
                new Case("two mesh policies: the first by name", List.of(
                        mesh("b", "mtls: {mode: STRICT}"),
                        mesh("a", "mtls: {mode: DISABLE}")), 9080, MtlsMode.DISABLE),
                new Case("two namespace policies: the first by name", List.of(
                        policy("default", "b", "mtls: {mode: STRICT}"),
                        policy("default", "a", "mtls: {mode: DISABLE}")), 9080, MtlsMode.DISABLE),
                new Case("two workload policies: the first by name", List.of(
                        policy("default", "zz", "selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}"),
                        policy("default", "aa", "selector: {matchLabels: {version: v1}}, mtls: {mode: STRICT}")),
                        9080, MtlsMode.STRICT),
                new Case("port level overrides the workload", List.of(
                        mesh("default", "mtls: {mode: STRICT}"),
                        policy("default", "reviews", "selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}, "
                                + "portLevelMtls: {\"9090\": {mode: STRICT}}")),
                        9090, MtlsMode.STRICT),
                new Case("other ports keep the workload mode", List.of(
                        mesh("default", "mtls: {mode: STRICT}"),
                        policy("default", "reviews", "selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}, "
                                + "portLevelMtls: {\"9090\": {mode: STRICT}}")),
                        9080, MtlsMode.DISABLE),
                new Case("port UNSET inherits the workload, not the namespace", List.of(
                        policy("default", "default", "mtls: {mode: DISABLE}"),
                        policy("default", "reviews", "selector: {matchLabels: {app: reviews}}, mtls: {mode: STRICT}, "
                                + "portLevelMtls: {\"9090\": {mode: UNSET}}")),
                        9090, MtlsMode.STRICT),
                new Case("port UNSET under an UNSET workload inherits the namespace", List.of(
                        policy("default", "default", "mtls: {mode: PERMISSIVE}"),
                        mesh("default", "mtls: {mode: STRICT}"),
                        policy("default", "reviews", "selector: {matchLabels: {app: reviews}}, "
                                + "portLevelMtls: {\"9090\": {mode: UNSET}}")),
                        9090, MtlsMode.PERMISSIVE),
                new Case("port level of a losing workload policy is ignored", List.of(
                        policy("default", "a", "selector: {matchLabels: {app: reviews}}, mtls: {mode: PERMISSIVE}"),
                        policy("default", "b", "selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}, "
                                + "portLevelMtls: {\"9090\": {mode: STRICT}}")),
                        9090, MtlsMode.PERMISSIVE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloadCases")
    void resolvesAWorkloadPortAsIstioDoes(Case c) {
        assertThat(policies(c.policies()).forWorkload("default", REVIEWS).forPort(c.port())).isEqualTo(c.expected());
    }

    @Test
    void workloadsInTheRootNamespaceTakeTheMeshPolicyAsTheirNamespacePolicy() {
        PeerAuthentications policies = policies(List.of(mesh("default", "mtls: {mode: STRICT}")));

        assertThat(policies.forWorkload("istio-system", Map.of("app", "gateway")).forPort(8080))
                .isEqualTo(MtlsMode.STRICT);
    }

    @Test
    void aNamespaceAsAWholeIgnoresWorkloadPolicies() {
        PeerAuthentications policies = policies(List.of(
                mesh("default", "mtls: {mode: STRICT}"),
                policy("legacy", "default", "mtls: {mode: DISABLE}"),
                policy("shop", "cart", "selector: {matchLabels: {app: cart}}, mtls: {mode: DISABLE}")));

        assertThat(policies.forNamespace("legacy")).isEqualTo(MtlsMode.DISABLE);
        assertThat(policies.forNamespace("shop")).isEqualTo(MtlsMode.STRICT);
        assertThat(policies.forNamespace("istio-system")).isEqualTo(MtlsMode.STRICT);
    }

    private static String mesh(String name, String spec) {
        return policy("istio-system", name, spec);
    }

    private static String policy(String namespace, String name, String spec) {
        String body = spec.startsWith("{") ? spec : "{" + spec + "}";
        return "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
                + "metadata: {name: " + name + ", namespace: " + namespace + "}\nspec: " + body + "\n";
    }

    private static PeerAuthentications policies(List<String> documents) {
        ParseResult parsed = new ConfigParser().parse("policies.yaml", String.join("---\n", documents));
        assertThat(parsed.errors()).isEmpty();
        return new PeerAuthentications(ConfigSnapshot.of(parsed.resources(), 1).peerAuthentications(), "istio-system");
    }
}
