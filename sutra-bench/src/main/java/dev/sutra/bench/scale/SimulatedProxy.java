package dev.sutra.bench.scale;

import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One simulated sidecar on its own ADS stream, speaking state of the world as {@code sutra proxy}
 * does: its {@code Node} on the first request only, CDS and LDS by wildcard, EDS and RDS by the
 * names the accepted clusters and listeners use, and an ACK for every response (it never NACKs).
 * It keeps what it was sent per type (version, nonce) and when it ACKed, not the resources.
 *
 * <p>Thread-safety: gRPC delivers one stream's responses one at a time; sends are synchronized so
 * the first requests and ACKs never interleave; the counters are read by the driver.
 */
final class SimulatedProxy {

    /** The types a sidecar without identities subscribes to, in the order it requests them. */
    static final List<String> TYPES = List.of(TypeUrls.CLUSTER, TypeUrls.LISTENER, TypeUrls.ENDPOINT, TypeUrls.ROUTE);

    /** ADS, with responses read as {@link LightResponse}s. */
    private static final MethodDescriptor<DiscoveryRequest, LightResponse> ADS =
            MethodDescriptor.<DiscoveryRequest, LightResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(AggregatedDiscoveryServiceGrpc.getStreamAggregatedResourcesMethod()
                            .getFullMethodName())
                    .setRequestMarshaller(ProtoUtils.marshaller(DiscoveryRequest.getDefaultInstance()))
                    .setResponseMarshaller(new LightResponse.Marshaller())
                    .build();

    private final Node node;
    private final Map<String, TypeState> types = new HashMap<>();
    private StreamObserver<DiscoveryRequest> requests;
    private boolean nodeSent;
    private volatile Throwable failure;

    /** Where the proxy stands for one type. */
    private static final class TypeState {
        String version = "";
        String nonce = "";
        Set<String> names = Set.of();
        boolean requested;
        long ackNanos;
        long responses;
        long bytes;
        /** The version before the change being measured, and when a different one was first ACKed. */
        String baseline;
        long changedAckNanos;
    }

    SimulatedProxy(Node node) {
        this.node = node;
        TYPES.forEach(t -> types.put(t, new TypeState()));
    }

    String id() {
        return node.getId();
    }

    /** Opens the stream and asks for clusters and listeners. */
    synchronized void start(Channel channel) {
        requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(ADS, CallOptions.DEFAULT), new Responses());
        send(TypeUrls.CLUSTER, List.of());
        send(TypeUrls.LISTENER, List.of());
    }

    /** The stream's responses, one at a time as gRPC delivers them. */
    private final class Responses implements StreamObserver<LightResponse> {
        @Override
        public void onNext(LightResponse response) {
            handle(response);
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
        }

        @Override
        public void onCompleted() {
            failure = new IllegalStateException("the control plane closed the stream of " + node.getId());
        }
    }

    private synchronized void handle(LightResponse response) {
        String type = response.typeUrl();
        TypeState ts = types.get(type);
        if (ts == null) {
            failure = new IllegalStateException(node.getId() + " got " + type + ", which it never asked for");
            return;
        }
        ts.responses++;
        ts.bytes += response.bytes().length;
        ts.version = response.version();
        ts.nonce = response.nonce();
        SortedSet<String> dependent = null;
        try {
            if (type.equals(TypeUrls.CLUSTER)) {
                dependent = ResponseNames.endpointNames(response);
            } else if (type.equals(TypeUrls.LISTENER)) {
                dependent = ResponseNames.routeNames(response);
            }
        } catch (IOException e) {
            failure = e;
            return;
        }
        send(type, List.copyOf(ts.names));
        long now = System.nanoTime();
        ts.ackNanos = now;
        if (ts.baseline != null && ts.changedAckNanos == 0 && !ts.version.equals(ts.baseline)) {
            ts.changedAckNanos = now;
        }
        if (dependent != null) {
            String next = type.equals(TypeUrls.CLUSTER) ? TypeUrls.ENDPOINT : TypeUrls.ROUTE;
            TypeState ns = types.get(next);
            if (!ns.requested || !ns.names.equals(dependent)) {
                ns.names = Set.copyOf(new TreeSet<>(dependent));
                // An empty EDS or RDS request would be a wildcard: none goes out until there is a name.
                if (ns.requested || !dependent.isEmpty()) {
                    send(next, List.copyOf(dependent));
                }
            }
        }
    }

    private void send(String type, List<String> names) {
        TypeState ts = types.get(type);
        DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
                .setTypeUrl(type)
                .setVersionInfo(ts.version)
                .setResponseNonce(ts.nonce)
                .addAllResourceNames(names);
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        ts.requested = true;
        requests.onNext(request.build());
    }

    /** Whether every type has been answered and ACKed at least once. */
    synchronized boolean complete() {
        for (TypeState ts : types.values()) {
            if (ts.ackNanos == 0) {
                return false;
            }
        }
        return true;
    }

    /** Starts watching {@code type} for a version other than the current one. */
    synchronized void arm(String type) {
        TypeState ts = types.get(type);
        ts.baseline = ts.version;
        ts.changedAckNanos = 0;
    }

    /** When a version other than the armed one was first ACKed, or 0. */
    synchronized long changedAckNanos(String type) {
        return types.get(type).changedAckNanos;
    }

    /** When the last response of any type was ACKed. */
    synchronized long lastAckNanos() {
        long last = 0;
        for (TypeState ts : types.values()) {
            last = Math.max(last, ts.ackNanos);
        }
        return last;
    }

    synchronized long responses() {
        long n = 0;
        for (TypeState ts : types.values()) {
            n += ts.responses;
        }
        return n;
    }

    synchronized long bytes() {
        long n = 0;
        for (TypeState ts : types.values()) {
            n += ts.bytes;
        }
        return n;
    }

    /** Resources last subscribed by name for EDS and RDS: how many EDS names it follows. */
    synchronized int endpointNames() {
        return types.get(TypeUrls.ENDPOINT).names.size();
    }

    /** Why the stream failed, or null while it is fine. */
    Throwable failure() {
        return failure;
    }

    void close() {
        StreamObserver<DiscoveryRequest> r;
        synchronized (this) {
            r = requests;
        }
        if (r != null) {
            r.onCompleted();
        }
    }
}
