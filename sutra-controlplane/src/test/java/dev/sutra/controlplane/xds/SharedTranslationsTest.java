package dev.sutra.controlplane.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.mesh.ConfigServices;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.MeshState;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsTranslator;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Translation shared per proxy class must never hand a proxy what another class, or an older mesh
 * state, was given: each proxy gets exactly what translating it alone gives, however many others
 * of its class or of other classes were translated before it, and a push serves the new state.
 */
class SharedTranslationsTest {

    private static final String MESH = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews, namespace: shop}
            spec:
              hosts: [reviews.shop.svc.cluster.local]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              endpoints:
              - {address: 10.0.0.11, labels: {version: v1}}
              - {address: 10.0.0.12, labels: {version: v2}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews, namespace: shop}
            spec:
              host: reviews
              trafficPolicy: {loadBalancer: {simple: RANDOM}}
              subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews-from-web, namespace: web}
            spec:
              host: reviews.shop.svc.cluster.local
              trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews, namespace: shop}
            spec:
              hosts: [reviews]
              http:
              - match: [{sourceLabels: {version: canary}}]
                route: [{destination: {host: reviews, subset: v2}}]
              - route: [{destination: {host: reviews, subset: v1}}]
            """;

    private static final String REVIEWS_V1 = "outbound|9080|v1|reviews.shop.svc.cluster.local";
    private static final String REVIEWS = "outbound|9080||reviews.shop.svc.cluster.local";

    private static final ProxyNode WEB_V1 = sidecar("web-v1", "web", "v1");
    private static final ProxyNode WEB_V1_OTHER = sidecar("web-v1-other", "web", "v1");
    private static final ProxyNode WEB_CANARY = sidecar("web-canary", "web", "canary");
    private static final ProxyNode SHOP_V1 = sidecar("shop-v1", "shop", "v1");
    private static final ProxyNode WEB_GRPC = new ProxyNode("grpc-web", Generator.GRPC, "web", "default", "",
            Map.of("version", "canary"), "10.1.0.9", Locality.NONE, List.of(), "", 0, List.of());

    @Test
    void everyProxyGetsWhatTranslatingItAloneGives() {
        MeshIndex index = index(MESH);
        SharedTranslations translations = new SharedTranslations(index);
        // Same class first, then other namespaces, labels and generators on top of a warm cache.
        for (ProxyNode proxy : List.of(WEB_V1, WEB_V1_OTHER, WEB_CANARY, SHOP_V1, WEB_GRPC, WEB_V1)) {
            List<String> targets = proxy.generator() == Generator.GRPC ? List.of("reviews.shop:9080") : List.of();
            assertThat(translations.resourcesFor(proxy, targets).unpacked())
                    .as(proxy.id())
                    .isEqualTo(XdsTranslator.translate(index, proxy, targets));
        }
    }

    @Test
    void proxiesOfOneClassShareOneTranslation() {
        SharedTranslations translations = new SharedTranslations(index(MESH));

        ProxyResources first = translations.resourcesFor(WEB_V1, List.of());
        ProxyResources second = translations.resourcesFor(WEB_V1_OTHER, List.of());
        ProxyResources canary = translations.resourcesFor(WEB_CANARY, List.of());

        assertThat(packed(second, TypeUrls.CLUSTER, REVIEWS)).isSameAs(packed(first, TypeUrls.CLUSTER, REVIEWS));
        assertThat(packed(second, TypeUrls.ROUTE, "http_proxy")).isSameAs(packed(first, TypeUrls.ROUTE, "http_proxy"));
        assertThat(second.version(TypeUrls.ENDPOINT)).isEqualTo(first.version(TypeUrls.ENDPOINT));
        // Another route class (version: canary is named by sourceLabels), same outbound class.
        assertThat(packed(canary, TypeUrls.CLUSTER, REVIEWS)).isSameAs(packed(first, TypeUrls.CLUSTER, REVIEWS));
        assertThat(canary.version(TypeUrls.ROUTE)).isNotEqualTo(first.version(TypeUrls.ROUTE));
        assertThat(translations.classes()).isEqualTo(2);
    }

    @Test
    void namespacesThatGetTheSameRuleShareAServicesClusters() {
        SharedTranslations translations = new SharedTranslations(index(MESH));

        ProxyResources shop = translations.resourcesFor(SHOP_V1, List.of());
        ProxyResources books = translations.resourcesFor(sidecar("books-v1", "books", "v1"), List.of());
        ProxyResources web = translations.resourcesFor(WEB_V1, List.of());

        // books has no rule of its own for reviews: it gets shop's, and shop's translation.
        assertThat(packed(books, TypeUrls.CLUSTER, REVIEWS)).isSameAs(packed(shop, TypeUrls.CLUSTER, REVIEWS));
        assertThat(packed(books, TypeUrls.ENDPOINT, REVIEWS_V1)).isSameAs(packed(shop, TypeUrls.ENDPOINT, REVIEWS_V1));
        // web's own rule for reviews gives it other clusters.
        assertThat(packed(web, TypeUrls.CLUSTER, REVIEWS)).isNotEqualTo(packed(shop, TypeUrls.CLUSTER, REVIEWS));
    }

    @Test
    void otherNamespacesAndLabelsGetTheirOwnResources() throws InvalidProtocolBufferException {
        SharedTranslations translations = new SharedTranslations(index(MESH));

        ProxyResources web = translations.resourcesFor(WEB_V1, List.of());
        ProxyResources shop = translations.resourcesFor(SHOP_V1, List.of());
        ProxyResources canary = translations.resourcesFor(WEB_CANARY, List.of());

        assertThat(cluster(web).getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        assertThat(cluster(shop).getLbPolicy()).isEqualTo(Cluster.LbPolicy.RANDOM);
        assertThat(firstRouteCluster(web)).isEqualTo(REVIEWS_V1);
        assertThat(firstRouteCluster(canary)).isEqualTo("outbound|9080|v2|reviews.shop.svc.cluster.local");
    }

    @Test
    void aPushServesTheNewMeshStateToWaitingAndNewProxies() throws InvalidProtocolBufferException {
        ProxyRegistry registry = new ProxyRegistry(Duration.ofMinutes(1));
        StreamTracker streams = new StreamTracker(registry);
        XdsCache cache = new XdsCache(streams);
        new DiscoveryServices(cache, streams);
        try (registry) {
            cache.update(index(MESH));
            Response first = request(streams, cache, 1, hello(WEB_V1, List.of(REVIEWS)), new ArrayList<>());
            assertThat(addresses(first)).containsExactly("10.0.0.11", "10.0.0.12");
            List<Response> later = new ArrayList<>();
            request(streams, cache, 1, ack(first), later);

            MeshIndex moved = index(MESH.replace("10.0.0.11", "10.0.0.21"));
            assertThat(cache.update(moved)).isEqualTo(1);

            assertThat(later).hasSize(1);
            assertThat(addresses(later.get(0))).containsExactly("10.0.0.12", "10.0.0.21");
            assertThat(later.get(0).version()).isNotEqualTo(first.version());
            Response newcomer = request(streams, cache, 2, hello(WEB_V1_OTHER, List.of(REVIEWS)), new ArrayList<>());
            assertThat(addresses(newcomer)).containsExactly("10.0.0.12", "10.0.0.21");
            assertThat(newcomer.version()).isEqualTo(later.get(0).version());
        }
    }

    private static Response request(StreamTracker streams, XdsCache cache, long stream, DiscoveryRequest request,
            List<Response> later) {
        List<Response> now = new ArrayList<>();
        boolean[] returned = {false};
        streams.onV3StreamRequest(stream, request);
        cache.createWatch(true, XdsRequest.create(request), Set.of(), r -> (returned[0] ? later : now).add(r),
                false, false);
        returned[0] = true;
        return now.isEmpty() ? null : now.get(0);
    }

    private static DiscoveryRequest hello(ProxyNode node, List<String> names) {
        return DiscoveryRequest.newBuilder().setNode(NodeMetadata.toNode(node)).setTypeUrl(TypeUrls.ENDPOINT)
                .addAllResourceNames(names).build();
    }

    private static DiscoveryRequest ack(Response response) {
        return DiscoveryRequest.newBuilder().setTypeUrl(response.request().getTypeUrl())
                .setVersionInfo(response.version()).setResponseNonce("0")
                .addAllResourceNames(response.request().getResourceNamesList()).build();
    }

    private static List<String> addresses(Response response) throws InvalidProtocolBufferException {
        ClusterLoadAssignment cla = ((Any) response.resources().iterator().next()).unpack(ClusterLoadAssignment.class);
        return cla.getEndpointsList().stream().flatMap(l -> l.getLbEndpointsList().stream())
                .map(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress()).toList();
    }

    private static Any packed(ProxyResources resources, String type, String name) {
        ProxyResources.Selection s = resources.select(type, List.of(name));
        assertThat(s.names()).containsExactly(name);
        return s.resources().get(0);
    }

    private static Cluster cluster(ProxyResources resources) throws InvalidProtocolBufferException {
        return packed(resources, TypeUrls.CLUSTER, REVIEWS).unpack(Cluster.class);
    }

    private static String firstRouteCluster(ProxyResources resources) throws InvalidProtocolBufferException {
        RouteConfiguration table = packed(resources, TypeUrls.ROUTE, "http_proxy").unpack(RouteConfiguration.class);
        return table.getVirtualHostsList().stream().filter(v -> v.getName().startsWith("reviews."))
                .findFirst().orElseThrow().getRoutes(0).getRoute().getCluster();
    }

    private static MeshIndex index(String yaml) {
        ParseResult parsed = new ConfigParser().parse("mesh.yaml", yaml);
        assertThat(parsed.errors()).isEmpty();
        ConfigSnapshot config = ConfigSnapshot.of(parsed.resources(), 1);
        return new MeshIndex(new MeshState(config, ConfigServices.catalog(config), MeshSettings.DEFAULT));
    }

    private static ProxyNode sidecar(String name, String namespace, String version) {
        return new ProxyNode("sidecar~10.1.0.1~" + name + "." + namespace + "~" + namespace + ".svc.cluster.local",
                Generator.SIDECAR, namespace, name, "frontend", Map.of("app", "frontend", "version", version),
                "10.1.0.1", Locality.NONE, List.of(new AppPort("http", 80, 8080, Protocol.HTTP, 15006)),
                "127.0.0.1", 15001, List.of());
    }
}
