package dev.sutra.e2e;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous GETs of one URL through a sidecar from a few threads, counting what succeeded, keeping
 * every failure, and tallying one echo field of the answers (which certificate the server saw, say).
 */
final class LoadLoop implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    private LoadLoop() {
    }

    /** Starts {@code threads} loops of GET {@code url} through the sidecar's {@code outboundPort}. */
    static LoadLoop start(int outboundPort, String url, int threads, String echoField) {
        LoadLoop load = new LoadLoop();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> load.run(HttpClients.viaProxy(outboundPort), url, echoField),
                    "load-" + t);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void run(HttpClient http, String url, String echoField) {
        while (running.get()) {
            try {
                HttpResponse<String> r = HttpClients.get(http, url);
                if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                    String value = HttpClients.echo(r.body()).getOrDefault(echoField, "<none>");
                    seen.merge(value, 1L, Long::sum);
                } else {
                    failures.add(r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }
    }

    long succeeded() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** How often each value of the echo field came back. */
    Map<String, Long> seen() {
        return Map.copyOf(seen);
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the loops and waits for their requests in flight. */
    void stop() {
        running.set(false);
        try {
            for (Thread t : threads) {
                t.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
