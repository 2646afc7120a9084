package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.ProxyFixture;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weighted routing across versions, and config changes under load that lose nothing. */
class TrafficShiftIT {

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static HttpBackend v1;
    private static HttpBackend v2;
    private static ProxyFixture v1Sidecar;
    private static ProxyFixture v2Sidecar;
    private static ProxyFixture client;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlaneFixture.start(dir, Mesh.subsets("reviews") + "---\n" + Mesh.split("reviews", 100, 0));
        v1 = HttpBackend.start("reviews-v1");
        v2 = HttpBackend.start("reviews-v2");
        // Both versions serve the service's port 9080 on their own application ports.
        v1Sidecar = ProxyFixture.builder("reviews").label("version", "v1").servicePort("http", 9080, v1.port())
                .noOutbound().controlPlane(controlPlane).start();
        v2Sidecar = ProxyFixture.builder("reviews").label("version", "v2").servicePort("http", 9080, v2.port())
                .noOutbound().controlPlane(controlPlane).start();
        client = ProxyFixture.builder("productpage").controlPlane(controlPlane).start();
        url = "http://" + Mesh.host("reviews") + ":9080/reviews/0";
        EndToEnd.awaitServedBy(client, url, "reviews-v1");
    }

    @AfterAll
    static void stop() {
        client.close();
        v1Sidecar.close();
        v2Sidecar.close();
        v1.close();
        v2.close();
        controlPlane.close();
    }

    @Test
    void anEightyTwentySplitLandsWithinThreePoints() throws Exception {
        controlPlane.apply(Mesh.split("reviews", 80, 20));
        HttpClient http = HttpClients.viaProxy(client.outboundPort());
        EndToEnd.awaitServedBy(client, url, "reviews-v2");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            HttpResponse<String> r = HttpClients.get(http, url);
            assertThat(r.statusCode()).isEqualTo(200);
            counts.merge(HttpClients.echo(r.body()).get("served-by"), 1, Integer::sum);
        }
        // n = 2000, p = 0.2: sigma is 0.9 points; +-3 points is beyond 3 sigma.
        assertThat(counts.get("reviews-v2") / 2000.0).isBetween(0.17, 0.23);
        controlPlane.apply(Mesh.split("reviews", 100, 0));
        EndToEnd.awaitServedBy(client, url, "reviews-v1");
    }

    @Test
    void configChangesUnderContinuousLoadLoseNoRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread[] load = new Thread[4];
        for (int t = 0; t < load.length; t++) {
            load[t] = new Thread(() -> {
                HttpClient http = HttpClients.viaProxy(client.outboundPort());
                while (running.get()) {
                    try {
                        HttpResponse<String> r = HttpClients.get(http, url);
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            load[t].start();
        }
        int[][] steps = {{50, 50}, {0, 100}, {100, 0}, {20, 80}, {100, 0}};
        for (int[] s : steps) {
            controlPlane.apply(Mesh.split("reviews", s[0], s[1]));
            Thread.sleep(400);
        }
        // A routing change that also rewrites every route: new route tables, same listeners.
        controlPlane.apply(Mesh.split("reviews", 100, 0).replace("  http:\n", "  http:\n  - match: [{headers: {x-test: {exact: a}}}]\n"
                + "    route: [{destination: {host: reviews, subset: v2}}]\n"));
        Thread.sleep(400);
        controlPlane.apply(Mesh.split("reviews", 100, 0));
        Thread.sleep(400);
        running.set(false);
        for (Thread t : load) {
            t.join(20_000);
        }
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
    }
}
