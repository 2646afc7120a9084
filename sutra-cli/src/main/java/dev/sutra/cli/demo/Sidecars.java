package dev.sutra.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The demo's sidecars: one {@code sutra proxy} process each, as sidecars are, with small heaps and
 * their output in log files. Closing stops them all and waits until they are gone.
 */
final class Sidecars implements AutoCloseable {

    /** One sidecar process and where to ask whether it is ready. */
    record Sidecar(String name, Process process, int adminPort, Path log) {
    }

    /**
     * Heap, GC and JIT for a sidecar: the launcher's settings for {@code sutra proxy} (bin/jdk.sh,
     * measured in docs/perf.md), plus C1 only: the demo's sidecars carry a few requests a second,
     * and without C2 each starts in about 3 s instead of 5 s and holds about 40 MB less.
     */
    static final List<String> JVM_ARGS = Runtime.version().feature() >= 25
            ? List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError",
                    "-XX:+UseCompactObjectHeaders", "-XX:TrimNativeHeapInterval=5000", "-XX:TieredStopAtLevel=1")
            : List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError",
                    "-XX:TieredStopAtLevel=1");

    private final List<Sidecar> sidecars = new ArrayList<>();
    private final Map<String, List<String>> lastEdges = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    void start(String name, List<String> args, int adminPort, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process p = new ProcessBuilder(SelfLauncher.command(JVM_ARGS, args))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        sidecars.add(new Sidecar(name, p, adminPort, log));
    }

    List<Sidecar> all() {
        return List.copyOf(sidecars);
    }

    /** How many answer {@code /ready}; a sidecar that died is reported with its log. */
    int ready() throws IOException {
        int n = 0;
        for (Sidecar s : sidecars) {
            if (!s.process().isAlive()) {
                throw new IOException("sidecar " + s.name() + " exited (" + s.process().exitValue() + "); its log, "
                        + s.log() + ":\n" + tail(s.log()));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.adminPort()
                        + "/ready")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    n++;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return n;
    }

    /**
     * The mesh's edges as the sidecars saw them on their latest upstream connections, one line each:
     * {@code mTLS  productpage -> reviews  peer spiffe://... (TLSv1.3)}. A sidecar that does not
     * answer in time keeps the edges it reported last.
     */
    List<String> edges() {
        List<String> lines = new ArrayList<>();
        for (Sidecar s : sidecars) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.adminPort()
                        + "/peers")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    lastEdges.put(s.name(), edges(s.name(), r.body()));
                }
            } catch (IOException e) {
                // Busy or starting: keep what it said last.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lines.addAll(lastEdges.getOrDefault(s.name(), List.of()));
        }
        lines.sort(null);
        return lines;
    }

    /** Lines of {@code /peers}: cluster, identity, serial, protocol, cipher. */
    private static List<String> edges(String from, String peers) {
        List<String> out = new ArrayList<>();
        for (String line : peers.lines().toList()) {
            String[] f = line.split(" ");
            if (f.length >= 4) {
                out.add("mTLS  %-16s -> %-8s peer %s (%s)".formatted(from, service(f[0]), f[1], f[3]));
            }
        }
        return out;
    }

    /** {@code reviews} of {@code outbound|9080|v1|reviews.default.svc.cluster.local}. */
    private static String service(String cluster) {
        String host = cluster.substring(cluster.lastIndexOf('|') + 1);
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    private static String tail(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            String all = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        for (Sidecar s : sidecars) {
            s.process().destroy();
        }
        for (Sidecar s : sidecars) {
            try {
                if (!s.process().waitFor(10, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        sidecars.clear();
    }
}
