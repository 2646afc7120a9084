package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One ADS call and what the xDS protocol scopes to it: the node (sent on its first request only),
 * the last nonce per type (nonces do not survive a stream), and the names last requested per type.
 *
 * <p>Thread confinement: every method is called on the client thread; gRPC's callbacks only hand
 * events to that thread through {@code clientThread}. Responses are requested one at a time, after
 * the previous one was handled, so a slow config compile pushes back on the control plane through
 * HTTP/2 flow control instead of queueing responses in memory.
 */
final class AdsStream {

    /** What a stream reports, on the client thread. */
    interface Events {
        void onResponse(AdsStream stream, DiscoveryResponse response);

        void onClose(AdsStream stream, Status status);
    }

    private final ClientCall<DiscoveryRequest, DiscoveryResponse> call;
    private final Node node;
    private final Map<String, String> nonces = new HashMap<>();
    private final Map<String, List<String>> requested = new HashMap<>();
    private boolean nodeSent;
    private boolean responded;

    private AdsStream(ClientCall<DiscoveryRequest, DiscoveryResponse> call, Node node) {
        this.call = call;
        this.node = node;
    }

    /** Starts a call on {@code channel}; its events arrive through {@code clientThread}. */
    static AdsStream open(Channel channel, Node node, Executor clientThread, Events events) {
        ClientCall<DiscoveryRequest, DiscoveryResponse> call = channel.newCall(
                AggregatedDiscoveryServiceGrpc.getStreamAggregatedResourcesMethod(), CallOptions.DEFAULT);
        AdsStream stream = new AdsStream(call, node);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(DiscoveryResponse message) {
                clientThread.execute(() -> events.onResponse(stream, message));
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                clientThread.execute(() -> events.onClose(stream, status));
            }
        }, new Metadata());
        call.request(1);
        return stream;
    }

    /**
     * Sends a request for {@code typeUrl}: an ACK, a NACK (with {@code error}) or a change of
     * subscription, answering the last response of that type seen on this stream.
     */
    void send(String typeUrl, String version, List<String> names, @Nullable com.google.rpc.Status error) {
        DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
                .setTypeUrl(typeUrl)
                .setVersionInfo(version)
                .addAllResourceNames(names)
                .setResponseNonce(nonces.getOrDefault(typeUrl, ""));
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        if (error != null) {
            request.setErrorDetail(error);
        }
        requested.put(typeUrl, List.copyOf(names));
        call.sendMessage(request.build());
    }

    /** Records a response's nonce, which every later request of its type must carry. */
    void received(DiscoveryResponse response) {
        nonces.put(response.getTypeUrl(), response.getNonce());
        responded = true;
    }

    /** Asks gRPC for the next response, once the last one has been handled. */
    void requestNext() {
        call.request(1);
    }

    /** Whether {@code typeUrl} was requested on this stream. */
    boolean requested(String typeUrl) {
        return requested.containsKey(typeUrl);
    }

    /** The names last requested for {@code typeUrl} on this stream. */
    List<String> requestedNames(String typeUrl) {
        return requested.getOrDefault(typeUrl, List.of());
    }

    /** Whether the control plane sent anything on this stream. */
    boolean responded() {
        return responded;
    }

    void cancel(String reason) {
        call.cancel(reason, null);
    }
}
