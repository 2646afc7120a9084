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
import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.MeshState;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EDS and RDS responses carry only what changed, and only to a sidecar known to hold the rest: it
 * ACKed the last version on this stream for the same names. Anything else gets every resource it
 * asked for, or it would be left with what it never received.
 */
class ChangedResourcesTest {

    private static final String MESH = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews, namespace: shop}
            spec:
              hosts: [reviews.shop.svc.cluster.local]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              endpoints: [{address: 10.0.0.11}]
            ---
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: ratings, namespace: shop}
            spec:
              hosts: [ratings.shop.svc.cluster.local]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              endpoints: [{address: 10.0.0.21}]
            """;

    private static final String REVIEWS = "outbound|9080||reviews.shop.svc.cluster.local";
    private static final String RATINGS = "outbound|9080||ratings.shop.svc.cluster.local";
    private static final List<String> BOTH = List.of(RATINGS, REVIEWS);

    private final ProxyRegistry registry = new ProxyRegistry(Duration.ofMinutes(1));
    private final StreamTracker streams = new StreamTracker(registry);
    private final XdsCache cache = new XdsCache(streams);
    private final List<Response> pushed = new ArrayList<>();
    private int pushes;

    ChangedResourcesTest() {
        new DiscoveryServices(cache, streams);
        cache.update(mesh());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void sidecarThatAckedGetsOnlyTheChangedEndpoints() throws InvalidProtocolBufferException {
        Response first = send(1, hello(sidecar(), BOTH));
        assertThat(clusters(first)).containsExactly(RATINGS, REVIEWS);

        send(1, ack(first));
        Response next = push();

        assertThat(clusters(next)).containsExactly(REVIEWS);
        assertThat(next.version()).isNotEqualTo(first.version());
        send(1, ack(next));
        assertThat(clusters(push())).containsExactly(REVIEWS);
    }

    @Test
    void sidecarThatRejectedGetsEverythingAgain() throws InvalidProtocolBufferException {
        Response first = send(1, hello(sidecar(), BOTH));
        send(1, ack(first));
        Response second = push();
        send(1, nack(second, first.version()));

        assertThat(clusters(push())).containsExactly(RATINGS, REVIEWS);
    }

    @Test
    void newStreamGetsEverything() throws InvalidProtocolBufferException {
        ProxyNode node = sidecar();
        Response first = send(1, hello(node, BOTH));
        send(1, ack(first));
        // The proxy reconnects and says it holds that version: the new stream still gets it all.
        Response again = send(2, DiscoveryRequest.newBuilder(hello(node, BOTH)).setVersionInfo(first.version())
                .build());
        assertThat(again).isNull();
        assertThat(clusters(push())).containsExactly(RATINGS, REVIEWS);
    }

    @Test
    void changedSubscriptionGetsEverythingItNames() throws InvalidProtocolBufferException {
        Response first = send(1, hello(sidecar(), List.of(REVIEWS)));
        send(1, ack(first));

        Response both = send(1, DiscoveryRequest.newBuilder(ack(first)).clearResourceNames()
                .addAllResourceNames(BOTH).build());

        assertThat(clusters(both)).containsExactly(RATINGS, REVIEWS);
    }

    @Test
    void grpcClientAlwaysGetsEverything() throws InvalidProtocolBufferException {
        ProxyNode grpc = new ProxyNode("grpc-1", Generator.GRPC, "shop", "default", "", Map.of(), "10.1.0.9",
                Locality.NONE, List.of(), "", 0, List.of());
        Response first = send(1, hello(grpc, BOTH));
        send(1, ack(first));

        assertThat(clusters(push())).containsExactly(RATINGS, REVIEWS);
    }

    /** Moves reviews' endpoint and returns the one response the push sent. */
    private Response push() {
        pushes++;
        pushed.clear();
        cache.update(index(MESH.replace("10.0.0.11", "10.0.0." + (11 + pushes))));
        assertThat(pushed).hasSize(1);
        return pushed.get(0);
    }

    private Response send(long stream, DiscoveryRequest request) {
        List<Response> now = new ArrayList<>();
        boolean[] returned = {false};
        streams.onV3StreamRequest(stream, request);
        cache.createWatch(true, XdsRequest.create(request), Set.of(), r -> (returned[0] ? pushed : now).add(r),
                false, false);
        returned[0] = true;
        return now.isEmpty() ? null : now.get(0);
    }

    private static ProxyNode sidecar() {
        return new ProxyNode("sidecar~10.1.0.1~web-1.web~web.svc.cluster.local", Generator.SIDECAR, "web", "web", "",
                Map.of("app", "web"), "10.1.0.1", Locality.NONE, List.of(), "127.0.0.1", 15001, List.of());
    }

    private static DiscoveryRequest hello(ProxyNode node, List<String> names) {
        return DiscoveryRequest.newBuilder().setNode(NodeMetadata.toNode(node)).setTypeUrl(TypeUrls.ENDPOINT)
                .addAllResourceNames(names).build();
    }

    private static DiscoveryRequest ack(Response response) {
        return DiscoveryRequest.newBuilder().setTypeUrl(response.request().getTypeUrl())
                .setVersionInfo(response.version()).setResponseNonce("n")
                .addAllResourceNames(response.request().getResourceNamesList()).build();
    }

    private static DiscoveryRequest nack(Response rejected, String holding) {
        return DiscoveryRequest.newBuilder(ack(rejected)).setVersionInfo(holding)
                .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(3).setMessage("no")).build();
    }

    private static List<String> clusters(Response response) throws InvalidProtocolBufferException {
        List<String> names = new ArrayList<>();
        for (var resource : response.resources()) {
            names.add(((Any) resource).unpack(ClusterLoadAssignment.class).getClusterName());
        }
        return names;
    }

    private static MeshIndex mesh() {
        return index(MESH);
    }

    private static MeshIndex index(String yaml) {
        ParseResult parsed = new ConfigParser().parse("mesh.yaml", yaml);
        assertThat(parsed.errors()).isEmpty();
        ConfigSnapshot config = ConfigSnapshot.of(parsed.resources(), 1);
        return new MeshIndex(new MeshState(config, ConfigServices.catalog(config), MeshSettings.DEFAULT));
    }
}
