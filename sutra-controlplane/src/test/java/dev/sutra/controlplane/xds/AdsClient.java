package dev.sutra.controlplane.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare ADS stream over a real gRPC channel, for tests that play an xDS client by hand. */
final class AdsClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final StreamObserver<DiscoveryRequest> requests;
    private final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    private final Node node;

    AdsClient(int port, Node node) {
        this.node = node;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
                new StreamObserver<>() {
                    @Override
                    public void onNext(DiscoveryResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    /** A request; the node goes with every request, as Envoy sends it by default. */
    void request(String type, List<String> names, String version, String nonce) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).addAllResourceNames(names)
                .setVersionInfo(version).setResponseNonce(nonce).build());
    }

    /** A request that sends the node only on the first message, as grpc-java and Envoy may. */
    void requestWithoutNode(String type, List<String> names, String version, String nonce) {
        requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNames(names)
                .setVersionInfo(version).setResponseNonce(nonce).build());
    }

    void nack(DiscoveryResponse rejected, String lastGoodVersion, String reason) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(rejected.getTypeUrl())
                .setVersionInfo(lastGoodVersion).setResponseNonce(rejected.getNonce())
                .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(3).setMessage(reason)).build());
    }

    void ack(DiscoveryResponse accepted, List<String> names) {
        request(accepted.getTypeUrl(), names, accepted.getVersionInfo(), accepted.getNonce());
    }

    DiscoveryResponse next(Duration timeout) throws InterruptedException {
        DiscoveryResponse r = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no xDS response within " + timeout);
        }
        return r;
    }

    /**
     * Requests {@code type}, ACKs every response until the control plane has been quiet for a
     * second (a sidecar's own registration causes a push right after it connects), and returns the
     * last response.
     */
    DiscoveryResponse settle(String type, List<String> names) throws InterruptedException {
        request(type, names, "", "");
        DiscoveryResponse last = next(Duration.ofSeconds(10));
        while (true) {
            ack(last, names);
            DiscoveryResponse more = responses.poll(1, TimeUnit.SECONDS);
            if (more == null) {
                return last;
            }
            last = more;
        }
    }

    /** Responses that arrive within {@code window}. */
    List<DiscoveryResponse> drain(Duration window) throws InterruptedException {
        Thread.sleep(window.toMillis());
        List<DiscoveryResponse> out = new java.util.ArrayList<>();
        responses.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        requests.onCompleted();
        channel.shutdownNow();
    }
}
