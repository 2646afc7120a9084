package dev.sutra.controlplane.xds;

import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsResources;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import io.envoyproxy.controlplane.cache.XdsRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy's resources and where it stands for each type. Guarded by its own monitor: requests on
 * the proxy's stream and pushes both go through {@link #onRequest} and {@link #update}.
 *
 * <p>The rule that keeps NACKs from looping: once a proxy rejects version V of a type, V is never
 * sent to it again; the next response for that type waits for a different version.
 *
 * <p>EDS and RDS responses to a sidecar carry only what changed once the sidecar has ACKed the
 * rest on this stream: state of the world lets a client keep the EDS and RDS resources a response
 * does not name (Envoy and {@code sutra proxy} do), and resending a mesh's every endpoint to every
 * sidecar because one service moved is most of a push's bytes. Anything less certain (a new
 * stream, a NACK, a changed subscription, a forced resend) gets everything it asked for.
 */
final class ProxyState {

    private static final Logger log = LoggerFactory.getLogger(ProxyState.class);

    private final ProxyNode node;
    private final Instant connectedAt = Instant.now();
    private final Map<String, TypeState> types = new HashMap<>();
    private ProxyResources resources;
    private List<String> grpcTargets = List.of();
    private int streams;

    private static final class TypeState {
        String sent = "";
        /** The names of the last full response, in its order; empty after a wildcard one. */
        List<String> sentNames = List.of();
        /** The names the request behind the last full response asked for, in its order. */
        List<String> answeredRequest = List.of();
        boolean sentWildcard;
        String acked = "";
        String nacked;
        String nackReason;
        Instant nackedAt;
        long responses;
        Watch pending;
        /** What the last response was computed from, and what the proxy holds (its last ACK's). */
        ProxyResources sentFrom;
        ProxyResources held;
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
    synchronized void onRequest(Watch watch, SharedTranslations translations, boolean clusterChanged) {
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
            ts.held = ts.sentFrom;
        }
        if (node.generator() == Generator.GRPC && type.equals(TypeUrls.LISTENER)) {
            List<String> targets = List.copyOf(new LinkedHashSet<>(request.getResourceNamesList()));
            if (!targets.equals(grpcTargets)) {
                grpcTargets = targets;
                resources = null;
            }
        }
        if (resources == null && translations != null) {
            rebuild(translations);
        }
        ts.pending = watch;
        watch.setStop(() -> clearPending(type, watch));
        answer(type, ts, type.equals(TypeUrls.ENDPOINT) && clusterChanged);
    }

    /** New mesh state: recomputes resources and answers waiting requests whose type changed. */
    synchronized boolean update(SharedTranslations translations) {
        Map<String, String> before = resources == null ? Map.of() : resources.versions();
        rebuild(translations);
        boolean changed = !resources.versions().equals(before);
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

    private void rebuild(SharedTranslations translations) {
        resources = translations.resourcesFor(node, grpcTargets);
    }

    private void answer(String type, TypeState ts, boolean force) {
        Watch watch = ts.pending;
        if (watch == null || watch.isCancelled() || resources == null) {
            return;
        }
        String version = resources.version(type);
        if (version.equals(ts.nacked)) {
            return;
        }
        var request = watch.request();
        List<String> requested = request.getResourceNamesList();
        boolean wildcard = requested.isEmpty() || requested.contains("*");
        // Checked before any selection: on a push most proxies hold the version of most types, and
        // an ACK asks for what was sent, in the order it was sent, or repeats the request it answers
        // (which may name resources this control plane does not have).
        boolean sameNames = wildcard ? ts.sentWildcard
                : requested.equals(ts.sentNames) || requested.equals(ts.answeredRequest);
        if (!force && sameNames && version.equals(request.getVersionInfo())) {
            return;
        }
        ProxyResources.Selection selected = null;
        if (!force && sameNames && onlyChangesNeeded(type, ts, request)) {
            selected = resources.changedSince(ts.held, type, requested);
        }
        if (selected == null) {
            // Wildcard types (sidecar LDS and CDS) get everything; others get what they named.
            selected = resources.select(type, requested);
            boolean sameSelection = wildcard ? ts.sentWildcard : selected.names().equals(ts.sentNames);
            if (!force && sameSelection && version.equals(request.getVersionInfo())) {
                return;
            }
            ts.sentNames = wildcard ? List.of() : List.copyOf(selected.names());
            ts.answeredRequest = wildcard ? List.of() : List.copyOf(requested);
            ts.sentWildcard = wildcard;
        }
        ts.pending = null;
        ts.sent = version;
        ts.sentFrom = resources;
        ts.responses++;
        try {
            // Packed already: DiscoveryServices' serializer passes them through as they are.
            watch.respond(Response.create(request, selected.resources(), version));
        } catch (WatchCancelledException e) {
            log.debug("watch of {} for {} cancelled before it was answered", node.id(), TypeUrls.shortName(type));
        }
    }

    /**
     * Whether the proxy holds everything but what changed: a sidecar's EDS or RDS, whose request on
     * this stream (it carries the nonce of one of our responses) ACKs the last version sent.
     */
    private boolean onlyChangesNeeded(String type, TypeState ts, XdsRequest request) {
        return node.generator() == Generator.SIDECAR
                && (type.equals(TypeUrls.ENDPOINT) || type.equals(TypeUrls.ROUTE))
                && ts.held != null
                && !request.getResponseNonce().isEmpty()
                && !request.hasErrorDetail()
                && request.getVersionInfo().equals(ts.sent)
                && ts.acked.equals(ts.sent);
    }

    private synchronized void clearPending(String type, Watch watch) {
        TypeState ts = types.get(type);
        if (ts != null && ts.pending == watch) {
            ts.pending = null;
        }
    }

    /** The resources last computed, unpacked (for the API; null before the first). */
    synchronized XdsResources resources() {
        return resources == null ? null : resources.unpacked();
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
}
