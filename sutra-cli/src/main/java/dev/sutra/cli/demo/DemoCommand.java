package dev.sutra.cli.demo;

import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.OwnerOnlyFiles;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.controlplane.ca.MeshCa;
import dev.sutra.controlplane.xds.ProxyStatus;
import dev.sutra.samples.bookinfo.AppInstance;
import dev.sutra.samples.bookinfo.Bookinfo;
import dev.sutra.samples.bookinfo.RunningBookinfo;
import dev.sutra.samples.demo.DemoMonitor;
import dev.sutra.samples.load.TrafficDriver;
import dev.sutra.samples.net.ListenerPorts;
import dev.sutra.samples.view.LiveView;
import dev.sutra.samples.view.ViewMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sutra demo}: Sutra's main job on one machine. A control plane, a bookinfo-like
 * application (productpage → details, reviews v1/v2/v3 → ratings) with one sidecar process per
 * application instance, steady traffic, and a live view of what the mesh does. Changing config
 * with {@code sutra apply} visibly changes the traffic. Ctrl-C stops everything it started.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a service mesh with a bookinfo-like application and watch it live.")
public final class DemoCommand extends dev.sutra.cli.CliCommandBase implements Callable<Integer> {

    @Option(names = "--xds-port", defaultValue = "15010", description = "Control plane xDS port (default: ${DEFAULT-VALUE}).")
    int xdsPort;

    @Option(names = "--xds-tls-port", defaultValue = "15012",
            description = "Control plane TLS port (ADS and the CA) the sidecars join on (default: ${DEFAULT-VALUE}).")
    int xdsTlsPort;

    @Option(names = "--api-port", defaultValue = "15014",
            description = "Control plane API port, where 'sutra apply' sends config (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--rate", defaultValue = "20", description = "Requests per second to productpage (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "0s", description = "Stop after this long (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--plain", description = "Print plain text blocks instead of redrawing the screen.")
    boolean plain;

    @Option(names = "--home", defaultValue = "${env:SUTRA_HOME:-.}", description = "Sutra's checkout (examples/ and .sutra/).")
    Path home;

    @Override
    public Integer call() throws Exception {
        Path examples = home.resolve("examples/bookinfo");
        if (!Files.isRegularFile(examples.resolve("reviews-v1.yaml"))) {
            err().println("sutra demo: cannot find " + examples.resolve("reviews-v1.yaml")
                    + " (run it from Sutra's checkout, or pass --home)");
            return 1;
        }
        Path work = home.resolve(".sutra/demo");
        deleteTree(work);
        Path config = Files.createDirectories(work.resolve("config"));
        Files.copy(examples.resolve("destination-rules.yaml"), config.resolve("destination-rules.yaml"));
        Files.copy(examples.resolve("reviews-v1.yaml"), config.resolve("reviews.yaml"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        out().println("sutra demo: starting a control plane, 6 applications and 7 sidecars (logs in " + logs + ")");
        out().println("sutra demo: Ctrl-C stops everything");
        out().flush();
        DemoLogging.toFile(logs.resolve("demo.log"));

        List<AutoCloseable> started = new ArrayList<>();
        // State the sidecars and control plane wrote goes with them; logs stay for a look afterwards.
        started.add(() -> {
            deleteTree(work.resolve("proxies"));
            deleteTree(work.resolve("state"));
            deleteTree(work.resolve("tokens"));
        });
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            closeAll(started);
        }, "sutra-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ControlPlane cp = ControlPlane.start(new ControlPlaneOptions(config, work.resolve("state"),
                    new InetSocketAddress("127.0.0.1", xdsPort), new InetSocketAddress("127.0.0.1", apiPort),
                    MeshSettings.DEFAULT, Duration.ofMillis(100), Duration.ofSeconds(10))
                            .withIdentity(i -> i.withTlsAddress(new InetSocketAddress("127.0.0.1", xdsTlsPort))),
                    new ConfigValidator()::validate);
            MeshCa ca = cp.ca().orElseThrow();
            started.add(cp);
            Sidecars sidecars = new Sidecars();
            started.add(sidecars);
            Bookinfo bookinfo = Bookinfo.create();
            ListenerPorts ports = new ListenerPorts();
            Map<String, Integer> outbound = new HashMap<>();
            for (AppInstance i : bookinfo.instances()) {
                if (!bookinfo.upstreams(i).isEmpty()) {
                    outbound.put(i.name(), ports.next());
                }
            }
            RunningBookinfo apps = bookinfo.start(i -> outbound.getOrDefault(i.name(), 0));
            started.add(apps);
            // Sidecars join as production ones do: a join token each, mTLS to the control plane's TLS port.
            String cpAddress = "127.0.0.1:" + cp.xdsTlsPort().orElseThrow();
            for (AppInstance i : apps.instances()) {
                int admin = ports.next();
                List<String> args = new ArrayList<>(List.of("proxy", "--service", i.service(),
                        "--labels", "version=" + i.version(),
                        "--app-port", "http:" + i.servicePort() + "=" + i.appPort(),
                        "--inbound-port", Integer.toString(ports.next()),
                        "--outbound-port", Integer.toString(outbound.getOrDefault(i.name(), 0)),
                        "--admin-port", Integer.toString(admin), "--control-plane", cpAddress,
                        "--join-token-file", joinToken(ca, work, i.service(), i.name()).toString(),
                        "--state-dir", work.resolve("proxies/" + i.name()).toString(), "--workers", "1"));
                sidecars.start(i.name(), args, admin, logs);
            }
            int loadgenOutbound = ports.next();
            int loadgenAdmin = ports.next();
            sidecars.start(Bookinfo.LOADGEN, List.of("proxy", "--service", Bookinfo.LOADGEN,
                    "--outbound-port", Integer.toString(loadgenOutbound), "--inbound-port", Integer.toString(ports.next()),
                    "--admin-port", Integer.toString(loadgenAdmin), "--control-plane", cpAddress,
                    "--join-token-file", joinToken(ca, work, Bookinfo.LOADGEN, Bookinfo.LOADGEN).toString(),
                    "--state-dir", work.resolve("proxies/loadgen").toString(), "--workers", "1"), loadgenAdmin, logs);
            awaitReady(sidecars);

            TrafficDriver driver = TrafficDriver.builder(bookinfo.productPageUri())
                    .proxy(new InetSocketAddress("127.0.0.1", loadgenOutbound))
                    .rate(rate)
                    .start();
            started.add(driver);
            DemoMonitor monitor = DemoMonitor.builder(apps, driver.stats())
                    .title("Sutra demo: bookinfo on a service mesh (control plane http://127.0.0.1:" + cp.apiPort() + ")")
                    .help("change the world:  ./sutra apply -f examples/bookinfo/reviews-v3.yaml"
                            + "   (also reviews-50-50.yaml, reviews-jason.yaml, ratings-fault.yaml, access-logs.yaml, reviews-v1.yaml)   Ctrl-C stops")
                    .status(() -> status(cp, sidecars))
                    .build();
            LiveView view = plain ? LiveView.start(monitor::tick, System.out, ViewMode.PLAIN, 5)
                    : LiveView.start(monitor::tick, System.out);
            started.add(view);
            if (duration.isZero()) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            closeAll(started);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running.
            }
        }
        return 0;
    }

    private static List<String> status(ControlPlane cp, Sidecars sidecars) {
        List<ProxyStatus> proxies = cp.cache().statuses();
        long synced = proxies.stream().filter(p -> p.types().stream().allMatch(t -> t.synced())).count();
        List<String> lines = new ArrayList<>();
        lines.add("config revision " + cp.store().current().revision() + "; sidecars connected " + proxies.size()
                + ", in sync " + synced);
        lines.addAll(sidecars.edges());
        // A sidecar that rejected what it was sent runs on older config: say which and why.
        for (ProxyStatus p : proxies) {
            for (var t : p.types()) {
                if (!t.synced() && t.nackReason() != null && t.sent().equals(t.nacked())) {
                    lines.add("rejected by " + p.node().service() + ": " + t.type() + " " + t.nackReason());
                }
            }
        }
        for (var e : cp.store().status().rejected()) {
            lines.add("rejected: " + e);
        }
        return lines;
    }

    /** A join token for the sidecar of {@code instance}, in an owner-only file (not on the command line). */
    private static Path joinToken(MeshCa ca, Path work, String service, String instance) throws IOException {
        Path file = OwnerOnlyFiles.createDirectory(work.resolve("tokens")).resolve(instance);
        OwnerOnlyFiles.write(file, ca.issueToken(ca.identity("default", service), Duration.ofHours(1))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return file;
    }

    private void awaitReady(Sidecars sidecars) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int total = sidecars.all().size();
        while (System.nanoTime() < deadline) {
            int ready = sidecars.ready();
            if (ready == total) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("sidecars not ready after 120 s; see their logs");
    }

    private static void closeAll(List<AutoCloseable> started) {
        synchronized (started) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    // Keep stopping the rest.
                }
            }
            started.clear();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
