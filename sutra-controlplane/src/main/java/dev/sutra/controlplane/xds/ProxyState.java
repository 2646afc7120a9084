package dev.sutra.controlplane.xds;

import com.google.protobuf.Message;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsResources;
import dev.sutra.xds.XdsTranslator;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy's resources and where it stands for each type. Guarded by its own monitor: requests on
 * the proxy's stream and pushes both go through {@link #onRequest} and {@link #update}.
 *
 * <p>The rule that keeps NACKs from looping: once a proxy rejects version V of a type, V is never
 * sent to it again; the next response for that type waits for a different version.
 */
final class ProxyState {

    private static final Logger log = LoggerFactory.getLogger(ProxyState.class);

    private final ProxyNode node;
    private final Instant connectedAt = Instant.now();
    private final Map<String, TypeState> types = new HashMap<>();
    private XdsResources resources;
    private Map<String, String> versions = Map.of();
    private List<String> grpcTargets = List.of();
    private int streams;

    private static final class TypeState {
        String sent = "";
        Set<String> sentNames = Set.of();
        String acked = "";
        String nacked;
        String nackReason;
        Instant nackedAt;
        long responses;
        Watch pending;
    }

    ProxyState(ProxyNode node) {
        this.node = node;
    }

    ProxyNode node() {
        return node;
    }

    synchronized void streamOpened() {
        streams++;
    }

    /** Returns whether any stream is still open. */
    synchronized boolean streamClosed() {
        return --streams > 0;
    }

    /** Handles a request on the proxy's stream: records ACK or NACK, then answers now or later. */
    synchronized void onRequest(Watch watch, MeshIndex index, boolean clusterChanged) {
        var request = watch.request();
        String type = request.getTypeUrl();
        TypeState ts = types.computeIfAbsent(type, t -> new TypeState());
        if (request.hasErrorDetail()) {
            if (!ts.sent.equals(ts.nacked)) {
                ts.nacked = ts.sent;
                ts.nackReason = request.v3Request().getErrorDetail().getMessage();
                ts.nackedAt = Instant.now();
                log.warn("proxy {} rejected {} version {}: {}", node.id(), TypeUrls.shortName(type), ts.sent,
                        ts.nackReason);
            }
        } else if (!request.getVersionInfo().isEmpty() && request.getVersionInfo().equals(ts.sent)) {
            ts.acked = ts.sent;
        }
        if (node.generator() == Generator.GRPC && type.equals(TypeUrls.LISTENER)) {
            List<String> targets = List.copyOf(new LinkedHashSet<>(request.getResourceNamesList()));
            if (!targets.equals(grpcTargets)) {
                grpcTargets = targets;
                resources = null;
            }
        }
        if (resources == null && index != null) {
            rebuild(index);
        }
        ts.pending = watch;
        watch.setStop(() -> clearPending(type, watch));
        answer(type, ts, type.equals(TypeUrls.ENDPOINT) && clusterChanged);
    }

    /** New mesh state: recomputes resources and answers waiting requests whose type changed. */
    synchronized boolean update(MeshIndex index) {
        Map<String, String> before = versions;
        rebuild(index);
        boolean changed = !versions.equals(before);
        if (changed) {
            for (String type : TypeUrls.PUSH_ORDER) {
                TypeState ts = types.get(type);
                if (ts != null) {
                    answer(type, ts, false);
                }
            }
        }
        return changed;
    }

    private void rebuild(MeshIndex index) {
        resources = XdsTranslator.translate(index, node, grpcTargets);
        Map<String, String> next = new HashMap<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            next.put(type, version(resources.ofType(type)));
        }
        versions = next;
    }

    private void answer(String type, TypeState ts, boolean force) {
        Watch watch = ts.pending;
        if (watch == null || watch.isCancelled() || resources == null) {
            return;
        }
        String version = versions.get(type);
        if (version.equals(ts.nacked)) {
            return;
        }
        List<Message> selected = select(type, watch.request().getResourceNamesList());
        Set<String> names = new LinkedHashSet<>();
        for (Message m : selected) {
            names.add(io.envoyproxy.controlplane.cache.Resources.getResourceName(m));
        }
        boolean news = !version.equals(watch.request().getVersionInfo()) || !names.equals(ts.sentNames);
        if (!news && !force) {
            return;
        }
        ts.pending = null;
        ts.sent = version;
        ts.sentNames = Set.copyOf(names);
        ts.responses++;
        try {
            watch.respond(Response.create(watch.request(), selected, version));
        } catch (WatchCancelledException e) {
            log.debug("watch of {} for {} cancelled before it was answered", node.id(), TypeUrls.shortName(type));
        }
    }

    /** Wildcard types (sidecar LDS and CDS) get everything; others get what they named. */
    private List<Message> select(String type, List<String> requested) {
        SortedMap<String, ? extends Message> all = resources.ofType(type);
        boolean wildcard = requested.isEmpty() || requested.contains("*");
        if (wildcard) {
            return new ArrayList<>(all.values());
        }
        List<Message> out = new ArrayList<>();
        for (String name : new LinkedHashSet<>(requested)) {
            Message m = all.get(name);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private synchronized void clearPending(String type, Watch watch) {
        TypeState ts = types.get(type);
        if (ts != null && ts.pending == watch) {
            ts.pending = null;
        }
    }

    synchronized XdsResources resources() {
        return resources;
    }

    synchronized ProxyStatus status() {
        List<TypeStatus> out = new ArrayList<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            TypeState ts = types.get(type);
            if (ts != null) {
                out.add(new TypeStatus(TypeUrls.shortName(type), ts.sent, ts.acked, ts.nacked, ts.nackReason,
                        ts.nackedAt, ts.responses));
            }
        }
        return new ProxyStatus(node, connectedAt, streams > 0, out);
    }

    /** A content hash of every resource of a type: equal resources give equal versions. */
    static String version(SortedMap<String, ? extends Message> resources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, ? extends Message> e : resources.entrySet()) {
                digest.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                byte[] bytes = e.getValue().toByteArray();
                digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
