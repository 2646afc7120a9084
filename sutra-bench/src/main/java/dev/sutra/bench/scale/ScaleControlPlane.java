package dev.sutra.bench.scale;

import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.controlplane.xds.ProxyStatus;
import dev.sutra.controlplane.xds.TypeStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The control-plane side of the scale simulation, run in its own JVM so its heap is its own: a real
 * {@link ControlPlane} without identities (no CA, plaintext xDS, as the bookinfo demo runs) over a
 * config directory, driven by one-line commands on standard input and answering on standard output:
 * <ul>
 *   <li>{@code heap}: {@code HEAP <used> <committed> <rss>} in bytes, after a full GC (RSS from
 *       {@code /proc/self/status}, 0 where there is none);</li>
 *   <li>{@code status}: {@code STATUS <proxies> <connected> <types> <acked> <nacked>}, where
 *       {@code acked} counts types whose last sent version is ACKed;</li>
 *   <li>{@code quit}: stops.</li>
 * </ul>
 * Arguments: {@code <configDir> <stateDir> <debounceMillis>}. It prints
 * {@code READY <xdsPort> <apiPort>} once serving.
 */
public final class ScaleControlPlane {

    private ScaleControlPlane() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ScaleControlPlane <configDir> <stateDir> <debounceMillis>");
            System.exit(2);
        }
        ControlPlaneOptions defaults = ControlPlaneOptions.defaults(Path.of(args[0]), Path.of(args[1]));
        ControlPlaneOptions options = new ControlPlaneOptions(defaults.configDir(), defaults.stateDir(),
                defaults.xdsAddress(), defaults.apiAddress(), defaults.settings(),
                Duration.ofMillis(Long.parseLong(args[2])), defaults.registryGrace())
                .withEphemeralPorts()
                .withoutIdentity();
        PrintStream out = System.out;
        try (ControlPlane cp = ControlPlane.start(options, new ConfigValidator()::validate);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("READY " + cp.xdsPort() + " " + cp.apiPort());
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.strip()) {
                    case "heap" -> out.println(heap());
                    case "status" -> out.println(status(cp));
                    case "quit" -> {
                        return;
                    }
                    default -> out.println("ERROR unknown command " + line);
                }
                out.flush();
            }
        }
    }

    private static String heap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // Twice: the first full collection may leave what finalization and reference processing free.
        memory.gc();
        memory.gc();
        var usage = memory.getHeapMemoryUsage();
        return "HEAP " + usage.getUsed() + " " + usage.getCommitted() + " " + rss();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: no RSS to report.
        }
        return 0;
    }

    private static String status(ControlPlane cp) {
        int proxies = 0;
        int connected = 0;
        int types = 0;
        int acked = 0;
        int nacked = 0;
        for (ProxyStatus p : cp.cache().statuses()) {
            proxies++;
            if (p.connected()) {
                connected++;
            }
            for (TypeStatus t : p.types()) {
                types++;
                if (!t.sent().isEmpty() && t.sent().equals(t.acked())) {
                    acked++;
                }
                if (t.nacked() != null) {
                    nacked++;
                }
            }
        }
        return "STATUS " + proxies + " " + connected + " " + types + " " + acked + " " + nacked;
    }
}
