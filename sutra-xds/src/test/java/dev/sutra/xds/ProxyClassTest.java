package dev.sutra.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.mesh.ConfigServices;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.xds.cluster.ClusterTranslator;
import dev.sutra.xds.endpoint.EndpointTranslator;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.ProxyNode;
import dev.sutra.xds.route.RouteTranslator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link ProxyClass} must hold everything the shared part of translation reads of a proxy: two
 * proxies of one class get one translation, so anything the class leaves out would hand one
 * proxy's resources to another. Each case translates the shared part through the class and
 * directly for the whole proxy, and the two must agree.
 */
class ProxyClassTest {

    private static final Path DIR = Path.of("src/test/resources/proxy-class");
    private static MeshIndex index;

    /** A named proxy of the mesh in {@code proxy-class/input.yaml}. */
    record Proxy(String name, ProxyNode node) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void loadMesh() throws IOException {
        ParseResult parsed = new ConfigParser().parse(DIR.resolve("input.yaml"));
        assertThat(parsed.errors()).isEmpty();
        ConfigSnapshot config = ConfigSnapshot.of(parsed.resources(), 1);
        index = new MeshIndex(new MeshState(config, ConfigServices.catalog(config), MeshSettings.DEFAULT,
                Files.readString(DIR.resolve("trust-bundle.pem"))));
    }

    static Stream<Proxy> proxies() {
        return Stream.of(
                new Proxy("web frontend v1", sidecar("frontend-1", "web", Map.of("app", "frontend", "version", "v1"))),
                new Proxy("web batch v1 (other app, same class)",
                        sidecar("batch-1", "web", Map.of("app", "batch", "version", "v1", "pod-template-hash", "x"))),
                new Proxy("web frontend canary",
                        sidecar("frontend-2", "web", Map.of("app", "frontend", "version", "canary"))),
                new Proxy("shop frontend v1", sidecar("frontend-3", "shop", Map.of("app", "frontend", "version", "v1"))),
                new Proxy("web gRPC client", new ProxyNode("grpc-1", Generator.GRPC, "web", "default", "",
                        Map.of("version", "canary"), "10.0.2.1", Locality.NONE, List.of(), "", 0, List.of())));
    }

    private static ProxyNode sidecar(String name, String namespace, Map<String, String> labels) {
        return new ProxyNode("sidecar~10.0.2.2~" + name + "." + namespace + "~" + namespace + ".svc.cluster.local",
                Generator.SIDECAR, namespace, name, "frontend", labels, "10.0.2.2", new Locality("r", "z", ""),
                List.of(new AppPort("http", 80, 8080, Protocol.HTTP, 15006)), "127.0.0.1", 15001, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proxies")
    void sharedPartsAreWhatTheWholeProxyWouldGet(Proxy proxy) {
        ProxyContext whole = new ProxyContext(index, proxy.node());
        ProxyClass proxyClass = ProxyClass.of(proxy.node(), index);

        XdsResources outbound = XdsTranslator.outbound(index, proxyClass.outbound());
        XdsResources routes = XdsTranslator.outboundRoutes(index, proxyClass);

        assertThat(outbound.clusters().values())
                .containsExactlyInAnyOrderElementsOf(new ClusterTranslator(whole).outbound());
        assertThat(outbound.endpoints().values())
                .containsExactlyInAnyOrderElementsOf(new EndpointTranslator(whole).outbound());
        if (proxy.node().generator() == Generator.SIDECAR) {
            assertThat(routes.routes().values()).containsExactly(new RouteTranslator(whole).httpProxy());
        } else {
            assertThat(routes.routes()).isEmpty();
        }
    }

    @Test
    void keepsOnlyLabelsThatSourceLabelsName() {
        ProxyClass frontend = ProxyClass.of(node("web frontend v1"), index);
        ProxyClass batch = ProxyClass.of(node("web batch v1 (other app, same class)"), index);

        assertThat(index.routeLabelKeys()).containsExactly("version");
        assertThat(frontend.routeLabels()).isEqualTo(Map.of("version", "v1"));
        assertThat(batch).isEqualTo(frontend);
    }

    @Test
    void splitsByNamespaceRouteLabelsAndGenerator() {
        assertThat(proxies().map(p -> ProxyClass.of(p.node(), index)).distinct()).hasSize(4);
        assertThat(ProxyClass.of(node("web gRPC client"), index).outbound())
                .isNotEqualTo(ProxyClass.of(node("web frontend canary"), index).outbound());
    }

    @Test
    void clientNamespaceDestinationRuleReachesOnlyThatNamespace() {
        assertThat(reviewsPolicy("web frontend v1")).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        assertThat(reviewsPolicy("shop frontend v1")).isEqualTo(Cluster.LbPolicy.RANDOM);
    }

    @Test
    void sourceLabelRouteGoesOnlyToItsClass() {
        assertThat(firstReviewsCluster("web frontend canary")).isEqualTo("outbound|9080|v2|reviews.shop.svc.cluster.local");
        assertThat(firstReviewsCluster("web frontend v1")).isEqualTo("outbound|9080|v1|reviews.shop.svc.cluster.local");
    }

    private static ProxyNode node(String name) {
        return proxies().filter(p -> p.name().equals(name)).findFirst().orElseThrow().node();
    }

    private static Cluster.LbPolicy reviewsPolicy(String proxy) {
        return XdsTranslator.translate(index, node(proxy), List.of()).clusters()
                .get("outbound|9080||reviews.shop.svc.cluster.local").getLbPolicy();
    }

    private static String firstReviewsCluster(String proxy) {
        RouteConfiguration table = XdsTranslator.translate(index, node(proxy), List.of()).routes()
                .get(ResourceNames.HTTP_PROXY_ROUTE);
        return table.getVirtualHostsList().stream()
                .filter(v -> v.getName().startsWith("reviews."))
                .findFirst().orElseThrow()
                .getRoutes(0).getRoute().getCluster();
    }
}
