package dev.sutra.controlplane.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.Protocol;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ADS protocol as a real client sees it, over a real gRPC stream: versions, ACKs, NACKs,
 * pushes only on change, and no NACK loop.
 */
class AdsProtocolTest {

    private static final String REVIEWS = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews}
            spec:
              hosts: [reviews.default.svc.cluster.local]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              endpoints: [{address: 10.0.0.1, labels: {version: v1}}]
            """;

    @TempDir
    Path dir;

    private ControlPlane controlPlane;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dir.resolve("config.yaml"), REVIEWS);
        controlPlane = ControlPlane.start(ControlPlaneOptions.defaults(dir, dir.resolve("state")).withEphemeralPorts(),
                new ConfigValidator()::validate);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    private static Node node(String name) {
        return NodeMetadata.toNode(new ProxyNode(NodeMetadata.sidecarId("127.0.0.1", name, "default", "cluster.local"),
                Generator.SIDECAR, "default", name, name, java.util.Map.of("app", name), "127.0.0.1", Locality.NONE,
                List.of(new AppPort("http", 9080, 9080, Protocol.HTTP, 15006)), "127.0.0.1", 15001, List.of()));
    }

    @Test
    void answersWithVersionedResourcesAndStaysQuietAfterAnAck() throws Exception {
        try (AdsClient client = new AdsClient(controlPlane.xdsPort(), node("productpage"))) {
            DiscoveryResponse settled = client.settle(TypeUrls.CLUSTER, List.of());
            assertThat(settled.getVersionInfo()).isNotEmpty();
            assertThat(settled.getResourcesList()).extracting(a -> a.unpack(Cluster.class).getName())
                    .contains("outbound|9080||reviews.default.svc.cluster.local", "inbound|9080||",
                            "outbound|9080||productpage.default.svc.cluster.local");

            // Asking again for what it already holds gets no answer until something changes.
            client.ack(settled, List.of());
            assertThat(client.drain(Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void aNackedVersionIsNotSentAgainAndTheNextChangeIs() throws Exception {
        try (AdsClient client = new AdsClient(controlPlane.xdsPort(), node("productpage"))) {
            DiscoveryResponse accepted = client.settle(TypeUrls.CLUSTER, List.of());
            controlPlane.store().apply("more.yaml", REVIEWS.replace("name: reviews", "name: details")
                    .replace("reviews.default", "details.default"));
            DiscoveryResponse rejected = client.next(Duration.ofSeconds(10));
            client.nack(rejected, accepted.getVersionInfo(),
                    "outbound|9080||details.default.svc.cluster.local: lb_policy: not supported");

            // The stock java-control-plane cache answers a NACK with the same version at once, forever.
            assertThat(client.drain(Duration.ofSeconds(2))).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> controlPlane.cache().statuses().stream()
                    .flatMap(s -> s.types().stream())
                    .anyMatch(t -> t.nackReason() != null && t.nackReason().contains("lb_policy: not supported")));

            controlPlane.store().apply("ratings.yaml", REVIEWS.replace("name: reviews", "name: ratings")
                    .replace("reviews.default", "ratings.default"));
            DiscoveryResponse next = client.next(Duration.ofSeconds(10));
            assertThat(next.getVersionInfo()).isNotEqualTo(rejected.getVersionInfo());
            assertThat(next.getResourcesList()).extracting(a -> a.unpack(Cluster.class).getName())
                    .contains("outbound|9080||ratings.default.svc.cluster.local");
        }
    }

    @Test
    void pushesOnlyTheTypesThatChanged() throws Exception {
        try (AdsClient client = new AdsClient(controlPlane.xdsPort(), node("productpage"))) {
            client.settle(TypeUrls.CLUSTER, List.of());
            client.settle(TypeUrls.LISTENER, List.of());

            // A new endpoint changes EDS only: no CDS or LDS response follows.
            controlPlane.store().apply("config.yaml", REVIEWS.replace("endpoints: [{address: 10.0.0.1",
                    "endpoints: [{address: 10.0.0.2, labels: {version: v2}}, {address: 10.0.0.1"));
            assertThat(client.drain(Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void followsTheStreamsNodeWhenLaterRequestsOmitIt() throws Exception {
        try (AdsClient client = new AdsClient(controlPlane.xdsPort(), node("productpage"))) {
            client.request(TypeUrls.CLUSTER, List.of(), "", "");
            DiscoveryResponse cds = client.next(Duration.ofSeconds(10));
            client.requestWithoutNode(TypeUrls.ENDPOINT, List.of("outbound|9080||reviews.default.svc.cluster.local"),
                    "", "");
            DiscoveryResponse eds = client.next(Duration.ofSeconds(10));
            assertThat(eds.getTypeUrl()).isEqualTo(TypeUrls.ENDPOINT);
            assertThat(eds.getResourcesCount()).isEqualTo(1);
            assertThat(cds.getTypeUrl()).isEqualTo(TypeUrls.CLUSTER);
        }
    }

    @Test
    void aConnectedSidecarBecomesAServiceOthersSee() throws Exception {
        try (AdsClient reviews = new AdsClient(controlPlane.xdsPort(), node("details"));
                AdsClient client = new AdsClient(controlPlane.xdsPort(), node("productpage"))) {
            reviews.request(TypeUrls.CLUSTER, List.of(), "", "");
            reviews.next(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                client.request(TypeUrls.ENDPOINT, List.of("outbound|9080||details.default.svc.cluster.local"), "", "");
                DiscoveryResponse eds = client.next(Duration.ofSeconds(5));
                var cla = eds.getResources(0).unpack(io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.class);
                assertThat(cla.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress()
                        .getPortValue()).isEqualTo(15006);
            });
        }
    }
}
