package dev.sutra.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.ca.tls.PinnedRootTrustManager;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.SpiffeId;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADS on the TLS port: a stream speaks only for the identity of its client certificate. */
class AdsOverTlsTest {

    private static final String REVIEWS = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews}
            spec:
              hosts: [reviews.default.svc.cluster.local]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              endpoints: [{address: 10.0.0.1}]
            """;

    @TempDir
    Path dir;

    private ControlPlane controlPlane;
    private MeshCa ca;
    private Workload productpage;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/reviews.yaml"), REVIEWS);
        controlPlane = ControlPlane.start(ControlPlaneOptions.defaults(dir.resolve("config"), dir.resolve("state"))
                .withEphemeralPorts().withIdentity(i -> i), new ConfigValidator()::validate);
        ca = controlPlane.ca().orElseThrow();
        SpiffeId identity = SpiffeId.of("default", "productpage");
        ManagedChannel anonymous = channel(null);
        try {
            productpage = Workload.obtain(anonymous, identity, ca.issueToken(identity, Duration.ofMinutes(5)));
        } finally {
            Workload.close(anonymous);
        }
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    @Test
    void servesAProxyWhoseNodeMatchesItsCertificate() throws Exception {
        Stream stream = new Stream(channel(productpage), node("productpage", "default", "productpage"));
        try {
            DiscoveryResponse clusters = stream.firstResponse();

            assertThat(clusters.getResourcesList()).extracting(a -> a.unpack(Cluster.class).getName())
                    .contains("outbound|9080||reviews.default.svc.cluster.local");
        } finally {
            stream.close();
        }
    }

    @Test
    void refusesANodeThatClaimsAnotherServiceAccount() throws Exception {
        try (LogCapture log = new LogCapture(NodeIdentityCheck.class)) {
            Stream stream = new Stream(channel(productpage), node("reviews-v1", "default", "reviews"));
            try {
                Status status = stream.error();

                assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(status.getDescription()).contains("service account reviews",
                        "spiffe://cluster.local/ns/default/sa/reviews",
                        "client certificate is spiffe://cluster.local/ns/default/sa/productpage");
                assertThat(log.warnings()).singleElement().asString().contains("127.0.0.1:", "reviews-v1");
                assertThat(controlPlane.cache().statuses()).isEmpty();
            } finally {
                stream.close();
            }
        }
    }

    @Test
    void refusesANodeThatClaimsAnotherNamespace() throws Exception {
        Stream stream = new Stream(channel(productpage), node("productpage", "prod", "productpage"));
        try {
            Status status = stream.error();

            assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(status.getDescription()).contains("namespace prod",
                    "client certificate is spiffe://cluster.local/ns/default/sa/productpage");
        } finally {
            stream.close();
        }
    }

    @Test
    void refusesAdsWithoutAClientCertificate() throws Exception {
        Stream stream = new Stream(channel(null), node("productpage", "default", "productpage"));
        try {
            Status status = stream.error();

            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).contains("needs a client certificate");
        } finally {
            stream.close();
        }
    }

    private ManagedChannel channel(Workload client) throws Exception {
        return Workload.channel(controlPlane.xdsTlsPort().orElseThrow(), new PinnedRootTrustManager(ca.signingRootPin()), client);
    }

    private static Node node(String name, String namespace, String serviceAccount) {
        return NodeMetadata.toNode(new ProxyNode(NodeMetadata.sidecarId("127.0.0.1", name, namespace, "cluster.local"),
                Generator.SIDECAR, namespace, serviceAccount, name, Map.of("app", name), "127.0.0.1", Locality.NONE,
                List.of(new AppPort("http", 9080, 9080, Protocol.HTTP, 15006)), "127.0.0.1", 15001, List.of()));
    }

    /** One ADS stream asking for clusters. */
    private static final class Stream implements AutoCloseable {

        private final ManagedChannel channel;
        private final CompletableFuture<DiscoveryResponse> first = new CompletableFuture<>();
        private final CompletableFuture<Status> error = new CompletableFuture<>();
        private final StreamObserver<DiscoveryRequest> requests;

        Stream(ManagedChannel channel, Node node) {
            this.channel = channel;
            this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
                    new StreamObserver<>() {
                        @Override
                        public void onNext(DiscoveryResponse response) {
                            first.complete(response);
                        }

                        @Override
                        public void onError(Throwable t) {
                            error.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            error.complete(Status.OK);
                        }
                    });
            requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TypeUrls.CLUSTER).build());
        }

        DiscoveryResponse firstResponse() throws Exception {
            return first.get(10, TimeUnit.SECONDS);
        }

        Status error() throws Exception {
            return error.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            Workload.close(channel);
        }
    }
}
