package dev.sutra.bench.scale;

import java.io.PrintStream;
import java.util.List;

/** Prints the scale simulation's results as Markdown tables, and how they grow between points. */
final class ScaleReport {

    private ScaleReport() {
    }

    static void print(List<ScalePoint> points, ScaleOptions options, PrintStream out) {
        out.printf("%n### Control plane at scale (debounce %d ms, %d namespaces, %d edits of each kind)%n%n",
                options.debounceMillis(), options.namespaces(), options.changes());
        out.println("| services | proxies | initial push settled | all types first ACKed | responses"
                + " | bytes total | bytes per proxy |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (ScalePoint p : points) {
            out.printf("| %d | %d | %.0f ms | %.0f ms | %d | %.1f MiB | %.0f KiB |%n", p.services(), p.proxies(),
                    p.initialMillis(), p.firstCompleteMillis(), p.initialResponses(), p.initialBytes() / 1048576.0,
                    p.initialBytes() / 1024.0 / Math.max(1, p.proxies()));
        }
        out.println();
        out.println("| services | proxies | apply -> all ACKed, endpoints (EDS) | apply -> all ACKed, routes (RDS)"
                + " | apply call | control-plane push |");
        out.println("|---:|---:|---|---|---|---|");
        for (ScalePoint p : points) {
            out.printf("| %d | %d | %s | %s | %s | %s |%n", p.services(), p.proxies(),
                    Percentiles.of(p.endpointChange()), Percentiles.of(p.routeChange()),
                    Percentiles.of(p.applyMillis()), Percentiles.of(p.changePushMillis()));
        }
        out.println();
        out.println("| services | proxies | heap after GC, config only | heap after GC, proxies connected"
                + " | per proxy | RSS, proxies connected |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        for (ScalePoint p : points) {
            out.printf("| %d | %d | %.1f MiB | %.1f MiB | %.1f KiB | %.0f MiB |%n", p.services(), p.proxies(),
                    p.heapConfigOnly() / 1048576.0, p.heapConnected() / 1048576.0,
                    (p.heapConnected() - p.heapConfigOnly()) / 1024.0 / Math.max(1, p.proxies()),
                    p.rssConnected() / 1048576.0);
        }
        for (int i = 1; i < points.size(); i++) {
            ScalePoint a = points.get(i - 1);
            ScalePoint b = points.get(i);
            out.printf("%ngrowth %dx%d -> %dx%d (services x%.1f, proxies x%.1f): initial push x%.1f,"
                            + " bytes x%.1f, EDS change p50 x%.1f, RDS change p50 x%.1f, heap x%.1f%n",
                    a.services(), a.proxies(), b.services(), b.proxies(),
                    (double) b.services() / a.services(), (double) b.proxies() / Math.max(1, a.proxies()),
                    b.initialMillis() / a.initialMillis(), (double) b.initialBytes() / a.initialBytes(),
                    Percentiles.of(b.endpointChange()).p50() / Percentiles.of(a.endpointChange()).p50(),
                    Percentiles.of(b.routeChange()).p50() / Percentiles.of(a.routeChange()).p50(),
                    (double) b.heapConnected() / a.heapConnected());
        }
        out.flush();
    }
}
