package dev.sutra.proxy.xds;

import static dev.sutra.proxy.xds.TestResources.edsCluster;
import static dev.sutra.proxy.xds.TestResources.endpoints;
import static dev.sutra.proxy.xds.TestResources.inlineListener;
import static dev.sutra.proxy.xds.TestResources.names;
import static dev.sutra.proxy.xds.TestResources.rdsListener;
import static dev.sutra.proxy.xds.TestResources.routes;
import static dev.sutra.proxy.xds.TestResources.staticCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the xDS state-of-the-world protocol, request by request, against a scripted
 * ADS server over real gRPC: node, wildcard and named subscriptions, versions, nonces, ACK, NACK,
 * unsubscription and resumption after a stream fails.
 */
class XdsClientProtocolTest {

    private static final Node NODE = Node.newBuilder().setId("sidecar~127.0.0.1~test.default~default.svc.cluster.local")
            .setCluster("test.default").build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingApplier applier = new RecordingApplier();
    private ScriptedAdsServer server;
    private XdsClient client;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedAdsServer();
        client = XdsClient.builder("127.0.0.1", server.port(), NODE, applier)
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                // No persisted config to fall back on here; completeness alone decides readiness.
                .initialWait(Duration.ofMinutes(5))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void sendsTheNodeOnTheFirstRequestOnlyAndSubscribesClustersAndListenersByWildcard() throws Exception {
        ScriptedAdsServer.Stream stream = server.nextStream();
        DiscoveryRequest cds = stream.next(TypeUrls.CLUSTER);
        DiscoveryRequest lds = stream.next(TypeUrls.LISTENER);
        assertThat(stream.all().get(0)).isEqualTo(cds);
        assertThat(cds.getNode()).isEqualTo(NODE);
        assertThat(lds.hasNode()).isFalse();
        for (DiscoveryRequest r : List.of(cds, lds)) {
            assertThat(r.getResourceNamesList()).isEmpty();
            assertThat(r.getVersionInfo()).isEmpty();
            assertThat(r.getResponseNonce()).isEmpty();
        }

        stream.respond(TypeUrls.CLUSTER, "c1", staticCluster("s"));
        DiscoveryRequest ack = stream.next(TypeUrls.CLUSTER);
        assertThat(ack.hasNode()).isFalse();
        assertThat(stream.all()).filteredOn(DiscoveryRequest::hasNode).hasSize(1);
    }

    @Test
    void acksWithTheVersionAndNonceThenSubscribesTheEndpointsEdsClustersName() throws Exception {
        ScriptedAdsServer.Stream stream = server.nextStream();
        stream.next(TypeUrls.CLUSTER);
        String nonce = stream.respond(TypeUrls.CLUSTER, "c1", edsCluster("a", "svc-a"), staticCluster("s"));

        DiscoveryRequest ack = stream.next(TypeUrls.CLUSTER);
        assertThat(ack.getVersionInfo()).isEqualTo("c1");
        assertThat(ack.getResponseNonce()).isEqualTo(nonce);
        assertThat(ack.hasErrorDetail()).isFalse();
        DiscoveryRequest eds = stream.next(TypeUrls.ENDPOINT);
        assertThat(eds.getResourceNamesList()).containsExactly("svc-a");
        assertThat(eds.getVersionInfo()).isEmpty();
        assertThat(eds.getResponseNonce()).isEmpty();

        String edsNonce = stream.respond(TypeUrls.ENDPOINT, "e1", endpoints("svc-a"), endpoints("unrequested"));
        DiscoveryRequest edsAck = stream.next(TypeUrls.ENDPOINT);
        assertThat(edsAck.getVersionInfo()).isEqualTo("e1");
        assertThat(edsAck.getResponseNonce()).isEqualTo(edsNonce);
        assertThat(edsAck.getResourceNamesList()).containsExactly("svc-a");
        assertThat(names(client.snapshot().of(TypeUrls.ENDPOINT))).containsExactly("svc-a");
        assertThat(applier.threads()).extracting(Thread::getName).containsOnly("sutra-xds-client");
    }

    @Test
    void nacksARejectedResponseWithTheVersionInForceAndKeepsTheLastGoodConfig() throws Exception {
        ScriptedAdsServer.Stream stream = server.nextStream();
        stream.next(TypeUrls.CLUSTER);
        stream.respond(TypeUrls.CLUSTER, "c1", staticCluster("s"));
        stream.next(TypeUrls.CLUSTER);

        applier.rejectWhen(s -> s.of(TypeUrls.CLUSTER).resources().containsKey("bad")
                ? new InvalidConfigException("Cluster", "bad", "lb_policy", "MAGLEV is not supported") : null);
        String nonce = stream.respond(TypeUrls.CLUSTER, "c2", staticCluster("s"), staticCluster("bad"));

        DiscoveryRequest nack = stream.next(TypeUrls.CLUSTER);
        assertThat(nack.getVersionInfo()).isEqualTo("c1");
        assertThat(nack.getResponseNonce()).isEqualTo(nonce);
        assertThat(nack.getErrorDetail().getCode()).isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
        assertThat(nack.getErrorDetail().getMessage()).isEqualTo("Cluster \"bad\": lb_policy: MAGLEV is not supported");
        assertThat(names(client.snapshot().of(TypeUrls.CLUSTER))).containsExactly("s");
        assertThat(names(applier.last().of(TypeUrls.CLUSTER))).containsExactly("s");
        await().atMost(WAIT).untilAsserted(() -> {
            TypeStatus cds = client.status().type(TypeUrls.CLUSTER).orElseThrow();
            assertThat(cds.version()).isEqualTo("c1");
            assertThat(cds.lastNack()).isNotNull();
            assertThat(cds.lastNack().version()).isEqualTo("c2");
            assertThat(cds.lastNack().reason()).contains("MAGLEV is not supported");
        });
    }

    @Test
    void nacksWhatTheApplierThrowsUnexpectedlyWithItsMessage() throws Exception {
        ScriptedAdsServer.Stream stream = server.nextStream();
        stream.next(TypeUrls.LISTENER);
        applier.rejectWhen(s -> {
            throw new IllegalStateException("port 15001 is taken");
        });
        stream.respond(TypeUrls.LISTENER, "l1", inlineListener("in"));
        DiscoveryRequest nack = stream.next(TypeUrls.LISTENER);
        assertThat(nack.getVersionInfo()).isEmpty();
        assertThat(nack.getErrorDetail().getMessage()).isEqualTo("port 15001 is taken");
    }

    @Test
    void nacksTheSameNameTwiceInOneResponse() throws Exception {
        ScriptedAdsServer.Stream stream = server.nextStream();
        stream.next(TypeUrls.CLUSTER);
        stream.respond(TypeUrls.CLUSTER, "c1", staticCluster("a"), staticCluster("a"));
        DiscoveryRequest nack = stream.next(TypeUrls.CLUSTER);
        assertThat(nack.getErrorDetail().getMessage()).isEqualTo("Cluster \"a\": appears twice in one response");
        assertThat(applier.applied()).isEmpty();
    }

    @Test
    void routeSubscriptionsFollowTheListenersAndEmptyNamesUnsubscribe() throws Exception {
        ScriptedAdsServer.Stream stream = server.nextStream();
        stream.next(TypeUrls.LISTENER);
        stream.respond(TypeUrls.LISTENER, "l1", rdsListener("out", "r1"));
        stream.next(TypeUrls.LISTENER);
        assertThat(stream.next(TypeUrls.ROUTE).getResourceNamesList()).containsExactly("r1");
        String routeNonce = stream.respond(TypeUrls.ROUTE, "r-v1", routes("r1"));
        stream.next(TypeUrls.ROUTE);

        // The listener now points elsewhere: the request for the new name answers the last RDS response.
        stream.respond(TypeUrls.LISTENER, "l2", rdsListener("out", "r2"));
        stream.next(TypeUrls.LISTENER);
        DiscoveryRequest moved = stream.next(TypeUrls.ROUTE);
        assertThat(moved.getResourceNamesList()).containsExactly("r2");
        assertThat(moved.getVersionInfo()).isEqualTo("r-v1");
        assertThat(moved.getResponseNonce()).isEqualTo(routeNonce);
        assertThat(client.snapshot().of(TypeUrls.ROUTE).resources()).isEmpty();

        // No listener takes routes by RDS any more: an empty list unsubscribes.
        stream.respond(TypeUrls.LISTENER, "l3", inlineListener("in"));
        stream.next(TypeUrls.LISTENER);
        assertThat(stream.next(TypeUrls.ROUTE).getResourceNamesList()).isEmpty();
    }

    @Test
    void resubscribesWithTheVersionsItHoldsWhenAStreamFails() throws Exception {
        ScriptedAdsServer.Stream first = server.nextStream();
        first.next(TypeUrls.CLUSTER);
        first.respond(TypeUrls.CLUSTER, "c1", edsCluster("a", ""));
        first.next(TypeUrls.CLUSTER);
        first.next(TypeUrls.ENDPOINT);
        first.respond(TypeUrls.ENDPOINT, "e1", endpoints("a"));
        first.next(TypeUrls.ENDPOINT);
        await().atMost(WAIT).until(() -> client.status().connected());

        first.fail(Status.UNAVAILABLE.withDescription("control plane going away"));
        ScriptedAdsServer.Stream second = server.nextStream();
        DiscoveryRequest cds = second.next(TypeUrls.CLUSTER);
        assertThat(cds.getNode()).isEqualTo(NODE);
        assertThat(cds.getVersionInfo()).isEqualTo("c1");
        assertThat(cds.getResponseNonce()).isEmpty();
        DiscoveryRequest eds = second.next(TypeUrls.ENDPOINT);
        assertThat(eds.getVersionInfo()).isEqualTo("e1");
        assertThat(eds.getResourceNamesList()).containsExactly("a");
        assertThat(eds.hasNode()).isFalse();
        assertThat(second.next(TypeUrls.LISTENER).getVersionInfo()).isEmpty();

        // The same clusters again on the new stream are ACKed without compiling them again.
        int applies = applier.applied().size();
        second.respond(TypeUrls.CLUSTER, "c1", edsCluster("a", ""));
        assertThat(second.next(TypeUrls.CLUSTER).getVersionInfo()).isEqualTo("c1");
        assertThat(applier.applied()).hasSize(applies);
    }

    @Test
    void aStreamRefusedForItsCredentialsIsRetriedOnANewConnectionOthersOnTheSameOne() throws Exception {
        ScriptedAdsServer.Stream first = server.nextStream();
        first.next(TypeUrls.CLUSTER);
        first.fail(Status.UNAVAILABLE.withDescription("overloaded"));
        ScriptedAdsServer.Stream second = server.nextStream();
        second.next(TypeUrls.CLUSTER);
        assertThat(server.connections()).isEqualTo(1);

        // Client certificates go in at the handshake: a refusal means handshaking again.
        second.fail(Status.UNAUTHENTICATED.withDescription("needs a client certificate"));
        server.nextStream().next(TypeUrls.CLUSTER);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void completesFirstAppliedOnceClustersListenersAndWhatTheyNameArrived() throws Exception {
        ScriptedAdsServer.Stream stream = server.nextStream();
        stream.respond(TypeUrls.CLUSTER, "c1", edsCluster("a", ""));
        stream.respond(TypeUrls.LISTENER, "l1", rdsListener("out", "r1"));
        stream.next(TypeUrls.ENDPOINT);
        stream.next(TypeUrls.ROUTE);
        stream.respond(TypeUrls.ENDPOINT, "e1", endpoints("a"));
        stream.next(TypeUrls.ENDPOINT);
        assertThat(client.firstApplied()).isNotDone();
        stream.respond(TypeUrls.ROUTE, "r1", routes("r1"));
        client.firstApplied().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        XdsStatus status = client.status();
        assertThat(status.origin()).isEqualTo(ConfigOrigin.CONTROL_PLANE);
        // No TLS context names a secret, so SDS was never asked for and has no version.
        assertThat(status.types()).extracting(TypeStatus::typeUrl, TypeStatus::version).containsExactly(
                tuple(TypeUrls.CLUSTER, "c1"), tuple(TypeUrls.LISTENER, "l1"), tuple(TypeUrls.ENDPOINT, "e1"),
                tuple(TypeUrls.ROUTE, "r1"), tuple(TypeUrls.SECRET, ""));
    }

    @Test
    void servesClustersAndListenersWithoutEndpointsThatNeverCome() throws Exception {
        try (ScriptedAdsServer quiet = new ScriptedAdsServer();
                XdsClient warming = XdsClient.builder("127.0.0.1", quiet.port(), NODE, applier)
                        .initialWait(Duration.ofMillis(300)).start()) {
            ScriptedAdsServer.Stream stream = quiet.nextStream();
            stream.respond(TypeUrls.CLUSTER, "c1", edsCluster("a", ""));
            stream.respond(TypeUrls.LISTENER, "l1", inlineListener("in"));
            assertThat(stream.next(TypeUrls.ENDPOINT).getResourceNamesList()).containsExactly("a");

            warming.firstApplied().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(warming.status().origin()).isEqualTo(ConfigOrigin.CONTROL_PLANE);
            assertThat(warming.snapshot().of(TypeUrls.ENDPOINT).resources()).isEmpty();
        }
    }

    @Test
    void firstAppliedFailsWhenTheClientClosesBeforeAnyConfig() throws Exception {
        server.nextStream().next(TypeUrls.CLUSTER);
        var first = client.firstApplied();
        client.close();
        assertThat(first).failsWithin(WAIT).withThrowableThat().withMessageContaining("closed before any config");
        assertThat(client.status().connected()).isFalse();
    }
}
