package dev.sutra.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.mesh.ConfigServices;
import dev.sutra.api.mesh.MeshSettings;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which VirtualService and DestinationRule apply to a host, as Istio picks them: exact before
 * wildcard, the longer wildcard before the shorter, the first by namespace and name among equals,
 * and for DestinationRules the client's namespace, then the service's, then the root namespace.
 */
class MeshIndexLookupTest {

    private static final String CONFIG = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: a-any, namespace: shop}
            spec:
              hosts: ["*"]
              http: [{route: [{destination: {host: anything}}]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: b-example, namespace: shop}
            spec:
              hosts: ["*.example.com"]
              http: [{route: [{destination: {host: anything}}]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: c-api-example, namespace: shop}
            spec:
              hosts: ["*.api.example.com"]
              http: [{route: [{destination: {host: anything}}]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: d-exact, namespace: shop}
            spec:
              hosts: [v1.api.example.com]
              http: [{route: [{destination: {host: anything}}]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: e-exact-too, namespace: shop}
            spec:
              hosts: [v1.api.example.com, reviews]
              http: [{route: [{destination: {host: anything}}]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: f-example-too, namespace: shop}
            spec:
              hosts: ["*.example.com"]
              http: [{route: [{destination: {host: anything}}]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: client-side, namespace: web}
            spec: {host: reviews.shop.svc.cluster.local}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: service-side, namespace: shop}
            spec: {host: reviews}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: service-wildcard, namespace: shop}
            spec: {host: "*.shop.svc.cluster.local"}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: mesh-wide, namespace: istio-system}
            spec: {host: "*.local"}
            """;

    private static MeshIndex index;

    @BeforeAll
    static void load() {
        ParseResult parsed = new ConfigParser().parse("lookup.yaml", CONFIG);
        assertThat(parsed.errors()).isEmpty();
        ConfigSnapshot config = ConfigSnapshot.of(parsed.resources(), 1);
        index = new MeshIndex(new MeshState(config, ConfigServices.catalog(config), MeshSettings.DEFAULT, ""));
    }

    @Test
    void anExactHostBeatsEveryWildcardAndTheFirstExactWins() {
        assertThat(vs("v1.api.example.com")).contains("d-exact");
        assertThat(vs("reviews.shop.svc.cluster.local")).contains("e-exact-too");
    }

    @Test
    void theLongestMatchingWildcardWinsAndTheFirstAmongEquals() {
        assertThat(vs("v2.api.example.com")).contains("c-api-example");
        assertThat(vs("www.example.com")).contains("b-example");
        assertThat(vs("ratings.shop.svc.cluster.local")).contains("a-any");
    }

    @Test
    void destinationRulesGoClientNamespaceThenServiceNamespaceThenRoot() {
        String reviews = "reviews.shop.svc.cluster.local";
        assertThat(dr(reviews, "web", "shop")).contains("client-side");
        assertThat(dr(reviews, "other", "shop")).contains("service-side");
        assertThat(dr("ratings.shop.svc.cluster.local", "other", "shop")).contains("service-wildcard");
        assertThat(dr("details.books.svc.cluster.local", "other", "books")).contains("mesh-wide");
        assertThat(dr("example.com", "other", "books")).isEmpty();
    }

    private static Optional<String> vs(String host) {
        return index.virtualServiceFor(host).map(MeshIndexLookupTest::name);
    }

    private static Optional<String> dr(String host, String clientNamespace, String serviceNamespace) {
        return index.destinationRuleFor(host, clientNamespace, serviceNamespace).map(MeshIndexLookupTest::name);
    }

    private static String name(ConfigResource<?> resource) {
        return resource.key().name();
    }
}
