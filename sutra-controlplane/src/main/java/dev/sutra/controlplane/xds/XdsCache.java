package dev.sutra.controlplane.xds;

import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.XdsResources;
import dev.sutra.xds.node.NodeMetadata;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The control plane's answer to every xDS request: per-proxy resources translated from the current
 * mesh index (what proxies of a class share translated once, {@link SharedTranslations}),
 * content-hashed versions per type, and responses only when a proxy's resources of a type actually
 * changed. Replaces java-control-plane's stock cache, which re-sends a NACKed version in a tight
 * loop (see {@link ProxyState}).
 */
public final class XdsCache implements ConfigWatcher {

    private final Map<String, ProxyState> proxies = new ConcurrentHashMap<>();
    private final StreamTracker streams;
    private volatile SharedTranslations translations;

    public XdsCache(StreamTracker streams) {
        this.streams = streams;
    }

    @Override
    public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
            Consumer<Response> responseConsumer, boolean hasClusterChanged, boolean allowDefaultEmptyEdsUpdate) {
        Watch watch = new Watch(ads, allowDefaultEmptyEdsUpdate, request, responseConsumer);
        Node node = streams.nodeOf(request.v3Request());
        if (node == null) {
            // A request before any node: nothing to answer until the proxy says who it is.
            return watch;
        }
        ProxyState state = proxies.computeIfAbsent(node.getId(), id -> {
            ProxyState s = new ProxyState(NodeMetadata.fromNode(node));
            s.streamOpened();
            return s;
        });
        state.onRequest(watch, translations, hasClusterChanged);
        return watch;
    }

    @Override
    public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
            Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
            Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
        throw new UnsupportedOperationException("incremental xDS is not served yet; use state-of-the-world ADS");
    }

    /** Publishes a new mesh state; returns how many proxies got new resources. */
    public int update(MeshIndex next) {
        SharedTranslations current = new SharedTranslations(next);
        this.translations = current;
        // Proxies are independent and the shared translations thread-safe: a push uses every core.
        return (int) proxies.values().parallelStream().filter(state -> state.update(current)).count();
    }

    /** Forgets a proxy's state once its last stream closed. */
    void streamClosed(String nodeId) {
        proxies.computeIfPresent(nodeId, (id, state) -> state.streamClosed() ? state : null);
    }

    /** Another stream of a proxy already known (a reconnect before the old stream was reaped). */
    void streamOpened(String nodeId) {
        ProxyState state = proxies.get(nodeId);
        if (state != null) {
            state.streamOpened();
        }
    }

    public List<ProxyStatus> statuses() {
        List<ProxyStatus> out = new ArrayList<>();
        proxies.values().forEach(p -> out.add(p.status()));
        out.sort(java.util.Comparator.comparing(s -> s.node().id()));
        return out;
    }

    /** What {@code nodeId} was last given, unpacked; empty for an unknown proxy. */
    public Optional<XdsResources> resources(String nodeId) {
        return Optional.ofNullable(proxies.get(nodeId)).map(ProxyState::resources);
    }

    /** The mesh state last published; null before the first push. */
    public MeshIndex index() {
        SharedTranslations current = translations;
        return current == null ? null : current.index();
    }
}
