package dev.sutra.controlplane.xds;

import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.xds.node.NodeMetadata;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows which node each ADS stream belongs to. xDS clients may send their {@code Node} only in the
 * first request of a stream; java-control-plane runs these callbacks and then asks the cache for a
 * watch on the same thread, so the stream of the request being handled is kept in a thread-local.
 */
public final class StreamTracker implements DiscoveryServerCallbacks {

    private final Map<Long, Node> nodes = new ConcurrentHashMap<>();
    private final ThreadLocal<Long> current = new ThreadLocal<>();
    private final ProxyRegistry registry;
    private XdsCache cache;

    public StreamTracker(ProxyRegistry registry) {
        this.registry = registry;
    }

    void attach(XdsCache cache) {
        this.cache = cache;
    }

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
        current.set(streamId);
        if (request.hasNode() && !request.getNode().getId().isEmpty() && !nodes.containsKey(streamId)) {
            nodes.put(streamId, request.getNode());
            cache.streamOpened(request.getNode().getId());
            registry.connect(streamId, NodeMetadata.fromNode(request.getNode()));
        }
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
        current.set(streamId);
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        closed(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        closed(streamId);
    }

    private void closed(long streamId) {
        Node node = nodes.remove(streamId);
        if (node != null) {
            registry.disconnect(streamId);
            cache.streamClosed(node.getId());
        }
    }

    /** The node a request comes from: its own, else its stream's. */
    Node nodeOf(DiscoveryRequest request) {
        if (request.hasNode() && !request.getNode().getId().isEmpty()) {
            return request.getNode();
        }
        Long stream = current.get();
        return stream == null ? null : nodes.get(stream);
    }
}
