package dev.sutra.bench.scale;

import dev.sutra.bench.mesh.FleetNodes;
import dev.sutra.bench.mesh.MeshShape;
import dev.sutra.bench.mesh.MeshYaml;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.node.ProxyNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The control-plane scale simulation. For each point (services x proxies) it writes the mesh's YAML
 * (one file per service) into a fresh config directory, starts a {@link ScaleControlPlane} JVM over
 * it, connects a {@link Fleet} of simulated sidecars, and measures:
 * <ol>
 *   <li>the initial push: time until every proxy has ACKed the settled config, and the bytes sent;</li>
 *   <li>apply to all ACKed: a WorkloadEntry edit (one service's endpoints, EDS) and a VirtualService
 *       edit (one service's routes, RDS) applied through the HTTP API, each timed from the apply
 *       call until the last proxy ACKed the new version;</li>
 *   <li>the control plane's heap after a full GC, before and after the proxies connect.</li>
 * </ol>
 * Run it with {@code bench/controlplane-scale.sh}; {@code --help} lists the options.
 */
public final class ControlPlaneScale {

    private final ScaleOptions options;
    private final HttpClient http = HttpClient.newHttpClient();

    private ControlPlaneScale(ScaleOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        ScaleOptions options = ScaleOptions.parse(args);
        if (options == null) {
            System.out.println(ScaleOptions.USAGE);
            return;
        }
        List<ScalePoint> results = new ArrayList<>();
        ControlPlaneScale scale = new ControlPlaneScale(options);
        for (int[] point : options.points()) {
            results.add(scale.run(new MeshShape(point[0], options.namespaces(), point[1])));
        }
        ScaleReport.print(results, options, System.out);
        System.exit(0);
    }

    private ScalePoint run(MeshShape shape) throws IOException, InterruptedException, TimeoutException {
        String label = shape.services() + "x" + shape.proxies();
        Path dir = options.workDir().resolve(label);
        deleteTree(dir);
        Path configDir = dir.resolve("config");
        Files.createDirectories(configDir);
        MeshYaml yaml = new MeshYaml(shape);
        for (int i = 0; i < shape.services(); i++) {
            Files.writeString(configDir.resolve(MeshShape.serviceName(i) + ".yaml"), yaml.service(i));
        }
        log("%s: %d services in %d namespaces, %d proxies; control plane log %s", label, shape.services(),
                shape.namespaces(), shape.proxies(), dir.resolve("controlplane.log"));
        try (ControlPlaneProcess cp = ControlPlaneProcess.start(configDir, dir.resolve("state"),
                options.debounceMillis(), options.controlPlaneJvm(), dir.resolve("controlplane.log"))) {
            log("%s: control plane pid %d, xDS port %d", label, cp.pid(), cp.xdsPort());
            ControlPlaneProcess.Memory configOnly = cp.memory();
            List<ProxyNode> nodes = new ArrayList<>();
            FleetNodes fleetNodes = new FleetNodes(shape);
            for (int j = 0; j < shape.proxies(); j++) {
                nodes.add(fleetNodes.node(j));
            }
            int channels = Math.max(1, Math.min(options.maxChannels(), shape.proxies() / 100));
            try (Fleet fleet = new Fleet(cp.xdsPort(), nodes, channels)) {
                long start = System.nanoTime();
                fleet.start();
                fleet.await(SimulatedProxy::complete, Duration.ofMinutes(10), "initial push");
                double firstComplete = millisSince(start, System.nanoTime());
                fleet.awaitQuiet(Duration.ofSeconds(3), Duration.ofMinutes(10));
                double initial = millisSince(start, fleet.max(SimulatedProxy::lastAckNanos));
                long bytes = fleet.sum(SimulatedProxy::bytes);
                long responses = fleet.sum(SimulatedProxy::responses);
                checkSynced(cp, shape, label);
                log("%s: initial push settled in %.0f ms (all types first ACKed at %.0f ms), %d responses,"
                        + " %.1f MiB", label, initial, firstComplete, responses, bytes / 1048576.0);
                ControlPlaneProcess.Memory connected = cp.memory();
                log("%s: control plane heap after GC: %.1f MiB (RSS %.1f MiB)", label,
                        connected.heapUsed() / 1048576.0, connected.rss() / 1048576.0);
                List<Double> applyMillis = new ArrayList<>();
                List<Double> pushMillis = new ArrayList<>();
                List<Double> endpoint = changes(shape, cp, fleet, TypeUrls.ENDPOINT, applyMillis, pushMillis,
                        r -> yaml.workloadEntry(vmService(shape, r), r + 1));
                List<Double> route = changes(shape, cp, fleet, TypeUrls.ROUTE, applyMillis, pushMillis,
                        r -> yaml.virtualService(routedService(shape, r), 80 - r % 50));
                checkSynced(cp, shape, label);
                return new ScalePoint(shape.services(), shape.proxies(), initial, firstComplete, bytes, responses,
                        endpoint, route, applyMillis, pushMillis, configOnly.heapUsed(), connected.heapUsed(),
                        connected.rss());
            }
        }
    }

    /** Applies {@code options.changes()} edits, each awaited until every proxy ACKed a new {@code type}. */
    private List<Double> changes(MeshShape shape, ControlPlaneProcess cp, Fleet fleet, String type,
            List<Double> applyMillis, List<Double> pushMillis, java.util.function.IntFunction<String> edit)
            throws IOException, InterruptedException, TimeoutException {
        List<Double> latencies = new ArrayList<>();
        for (int r = 0; r < options.changes(); r++) {
            fleet.arm(type);
            int pushesBefore = cp.pushes().size();
            long start = System.nanoTime();
            apply(cp, edit.apply(r));
            applyMillis.add(millisSince(start, System.nanoTime()));
            fleet.await(p -> p.changedAckNanos(type) != 0, Duration.ofMinutes(2),
                    TypeUrls.shortName(type) + " change " + r);
            double latency = millisSince(start, fleet.max(p -> p.changedAckNanos(type)));
            latencies.add(latency);
            fleet.awaitQuiet(Duration.ofMillis(500), Duration.ofMinutes(2));
            cp.pushes().stream().skip(pushesBefore).forEach(p -> pushMillis.add((double) p.millis()));
            log("%dx%d: %s change %d: all %d proxies ACKed after %.0f ms", shape.services(), shape.proxies(),
                    TypeUrls.shortName(type), r + 1, fleet.size(), latency);
        }
        return latencies;
    }

    private static int vmService(MeshShape shape, int r) {
        int vms = (shape.services() + MeshShape.VM_EVERY - 1) / MeshShape.VM_EVERY;
        return (r * 7 % vms) * MeshShape.VM_EVERY;
    }

    private static int routedService(MeshShape shape, int r) {
        int routed = (shape.services() + MeshShape.ROUTED_EVERY - 1) / MeshShape.ROUTED_EVERY;
        return (r * 7 % routed) * MeshShape.ROUTED_EVERY;
    }

    private void apply(ControlPlaneProcess cp, String yaml) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cp.apiPort() + "/api/v1/config"))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("apply refused (" + response.statusCode() + "): " + response.body());
        }
    }

    /** The control plane's own view must agree: every proxy connected and every type ACKed. */
    private static void checkSynced(ControlPlaneProcess cp, MeshShape shape, String label) {
        long[] s = cp.status();
        if (s[0] != shape.proxies() || s[1] != shape.proxies() || s[3] != s[2] || s[4] != 0) {
            throw new IllegalStateException(label + ": control plane sees " + Arrays.toString(s)
                    + " [proxies, connected, types, acked, nacked]; expected all " + shape.proxies()
                    + " connected and every type acked");
        }
    }

    private static double millisSince(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1e6;
    }

    private static void log(String format, Object... args) {
        System.err.printf("scale: " + format + "%n", args);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
