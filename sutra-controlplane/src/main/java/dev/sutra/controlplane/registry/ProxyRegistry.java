package dev.sutra.controlplane.registry;

import dev.sutra.api.Nullable;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.Resolution;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.api.mesh.Sidecar;
import dev.sutra.api.mesh.Workload;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxies connected to this control plane, as services and workloads of the mesh. A proxy that
 * disconnects stays registered for a grace period, so a quick reconnect (a network blip) does not
 * flap its endpoints out of every other proxy's config and back. Registrations are kept in the
 * state directory too: a restarted control plane starts with them, each in its grace period, so
 * it does not push a mesh without the services whose proxies have not reconnected yet.
 */
public final class ProxyRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyRegistry.class);

    /** The label that ties a registered workload to its service, as Kubernetes' convention has it. */
    public static final String APP_LABEL = "app";

    /**
     * Registrations are written at most this often: a fleet connecting at once would otherwise
     * rewrite the whole file once per proxy. A crash may lose the last moment's joins, which only
     * shortens their grace after a restart; {@link #close} always writes.
     */
    private static final long SAVE_DELAY_MILLIS = 1000;

    private final Duration grace;
    private final @Nullable Path stateFile;
    private volatile boolean closed;
    private final Map<String, Registration> byNode = new LinkedHashMap<>();
    private final Map<Long, String> nodeByStream = new HashMap<>();
    private ScheduledFuture<?> pendingSave;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sutra-registry");
        t.setDaemon(true);
        return t;
    });

    private static final class Registration {
        final ProxyNode node;
        int streams;
        ScheduledFuture<?> removal;

        Registration(ProxyNode node) {
            this.node = node;
        }
    }

    public ProxyRegistry(Duration grace) {
        this(grace, null);
    }

    /** A registry that keeps its registrations in {@code stateFile} and starts from it. */
    public ProxyRegistry(Duration grace, @Nullable Path stateFile) {
        this.grace = grace;
        this.stateFile = stateFile;
        restore();
    }

    private void restore() {
        if (stateFile == null || !Files.exists(stateFile)) {
            return;
        }
        List<ProxyNode> nodes = new ArrayList<>();
        try (InputStream in = Files.newInputStream(stateFile)) {
            Node node;
            while ((node = Node.parseDelimitedFrom(in)) != null) {
                nodes.add(NodeMetadata.fromNode(node));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable proxy registrations in {}: {}", stateFile, e.getMessage());
            return;
        }
        synchronized (this) {
            for (ProxyNode n : nodes) {
                Registration r = new Registration(n);
                r.removal = timer.schedule(() -> remove(n.id(), r), grace.toMillis(), TimeUnit.MILLISECONDS);
                byNode.put(n.id(), r);
            }
        }
        if (!nodes.isEmpty()) {
            log.info("restored {} proxy registrations from {}; each leaves after {} unless its proxy reconnects",
                    nodes.size(), stateFile, grace);
        }
    }

    /** Writes the registrations down soon, once for all changes until then. */
    private synchronized void saveSoon() {
        if (stateFile == null || closed || pendingSave != null) {
            return;
        }
        pendingSave = timer.schedule(() -> {
            synchronized (this) {
                pendingSave = null;
            }
            save();
        }, SAVE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Writes the registrations down now. */
    private synchronized void save() {
        if (stateFile == null || closed) {
            return;
        }
        try {
            Files.createDirectories(stateFile.getParent());
            Path temp = Files.createTempFile(stateFile.getParent(), ".registry-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                for (Registration r : byNode.values()) {
                    NodeMetadata.toNode(r.node).writeDelimitedTo(out);
                }
            }
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot save proxy registrations to {}: {}", stateFile, e.getMessage());
        }
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** A proxy opened a stream and said who it is. */
    public void connect(long streamId, ProxyNode node) {
        boolean changed;
        synchronized (this) {
            nodeByStream.put(streamId, node.id());
            Registration existing = byNode.get(node.id());
            if (existing != null && existing.node.equals(node)) {
                existing.streams++;
                if (existing.removal != null) {
                    existing.removal.cancel(false);
                    existing.removal = null;
                    log.info("proxy {} reconnected within the grace period", node.id());
                }
                changed = false;
            } else {
                Registration r = new Registration(node);
                r.streams = existing == null ? 1 : existing.streams + 1;
                byNode.put(node.id(), r);
                changed = true;
                log.info("proxy {} connected ({} {}/{})", node.id(), node.generator(), node.namespace(),
                        node.service().isEmpty() ? "-" : node.service());
            }
        }
        if (changed) {
            saveSoon();
            fire();
        }
    }

    /** A stream closed; the proxy leaves after the grace period unless it reconnects. */
    public void disconnect(long streamId) {
        synchronized (this) {
            String id = nodeByStream.remove(streamId);
            Registration r = id == null ? null : byNode.get(id);
            if (r == null || --r.streams > 0 || closed) {
                // Closing: the registration is kept (and saved) for the next start.
                return;
            }
            r.removal = timer.schedule(() -> remove(id, r), grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void remove(String id, Registration r) {
        synchronized (this) {
            if (byNode.get(id) != r || r.streams > 0) {
                return;
            }
            byNode.remove(id);
        }
        log.info("proxy {} gone for {}: its endpoints are removed", id, grace);
        saveSoon();
        fire();
    }

    /** Registered proxies, including those inside their grace period. */
    public synchronized List<ProxyNode> proxies() {
        List<ProxyNode> out = new ArrayList<>();
        byNode.values().forEach(r -> out.add(r.node));
        return out;
    }

    /** The services registered proxies front (the first registration of a hostname defines it). */
    public List<MeshService> services(MeshSettings settings) {
        Map<String, MeshService> services = new LinkedHashMap<>();
        for (ProxyNode p : proxies()) {
            if (p.generator() != Generator.SIDECAR || p.service().isEmpty() || p.ports().isEmpty()) {
                continue;
            }
            String host = settings.serviceHostname(p.service(), p.namespace());
            List<ServicePort> ports = new ArrayList<>();
            for (AppPort port : p.ports()) {
                ports.add(new ServicePort(port.name(), port.port(), port.protocol(), port.targetPort()));
            }
            services.putIfAbsent(host, new MeshService(host, p.namespace(), ports, Map.of(APP_LABEL, p.service()),
                    Resolution.STATIC, false, "proxy " + p.id()));
        }
        return new ArrayList<>(services.values());
    }

    /** The workloads behind registered sidecars. */
    public List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        for (ProxyNode p : proxies()) {
            if (p.generator() != Generator.SIDECAR || p.ports().isEmpty()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(p.labels());
            if (!p.service().isEmpty()) {
                labels.putIfAbsent(APP_LABEL, p.service());
            }
            Map<String, Integer> named = new HashMap<>();
            Map<Integer, Integer> inbound = new HashMap<>();
            for (AppPort port : p.ports()) {
                named.put(port.name(), port.targetPort());
                inbound.put(port.targetPort(), port.inboundPort());
            }
            out.add(new Workload(workloadName(p), p.namespace(), p.address(), labels, p.serviceAccount(),
                    p.locality(), 1, named, Sidecar.proxy(p.id(), inbound), "proxy " + p.id()));
        }
        return out;
    }

    /** The name part of an Istio-style node id ({@code reviews-v1-x7k2} of {@code sidecar~ip~reviews-v1-x7k2.ns~...}). */
    static String workloadName(ProxyNode p) {
        String[] parts = p.id().split("~", -1);
        String name = parts.length == 4 ? parts[2] : p.id();
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        save();
        closed = true;
        timer.shutdownNow();
    }
}
