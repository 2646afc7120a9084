package dev.sutra.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.samples.bookinfo.Bookinfo;
import dev.sutra.samples.bookinfo.RunningBookinfo;
import dev.sutra.samples.load.TrafficDriver;
import dev.sutra.samples.stats.Window;
import dev.sutra.samples.stats.WindowRecorder;
import dev.sutra.samples.testing.ForwardingProxy;
import dev.sutra.samples.view.DemoScreen;
import dev.sutra.samples.view.DemoSnapshot;
import dev.sutra.samples.view.ServiceRow;
import dev.sutra.samples.view.VersionShare;
import dev.sutra.samples.view.ViewMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo without sidecars: every app and the driver behind one {@link ForwardingProxy}, which
 * plays the mesh; re-routing reviews there is what {@code sutra apply} does to the real mesh.
 */
class DemoMonitorTest {

    private final Bookinfo bookinfo = Bookinfo.create();
    private ForwardingProxy proxy;
    private RunningBookinfo apps;

    @BeforeEach
    void start() {
        proxy = ForwardingProxy.start();
        apps = bookinfo.start(instance -> proxy.port());
        for (String service : List.of("productpage", "details", "ratings")) {
            proxy.route(bookinfo.host(service), apps.app(service, "v1").port());
        }
        proxy.route(bookinfo.host("reviews"), apps.app("reviews", "v1").port());
    }

    @AfterEach
    void stop() {
        apps.close();
        proxy.close();
    }

    @Test
    void reviewsSplitFollowsRoutingWithinTwoTicks() throws Exception {
        try (TrafficDriver driver = TrafficDriver.builder(bookinfo.productPageUri()).proxy(proxy.address())
                .rate(40).start()) {
            DemoMonitor monitor = DemoMonitor.builder(apps, driver.stats())
                    .help("change the world: ./sutra apply -f examples/bookinfo/reviews-v3.yaml")
                    .status(() -> List.of("productpage -> reviews  plaintext"))
                    .build();

            DemoSnapshot before = tickAfterOneSecond(monitor);
            proxy.route(bookinfo.host("reviews"), apps.app("reviews", "v3").port());
            tickAfterOneSecond(monitor);
            DemoSnapshot twoSecondsLater = tickAfterOneSecond(monitor);
            DemoSnapshot after = tickAfterOneSecond(monitor);

            assertThat(share(before, "v1")).isEqualTo(1.0);
            // A request or two in flight at the switch may still come back from v1.
            assertThat(share(twoSecondsLater, "v3")).isGreaterThan(0.95);
            assertThat(share(after, "v3")).isEqualTo(1.0);
            assertThat(after.reviewsSplit()).extracting(VersionShare::version).containsExactly("v1", "v2", "v3");
            assertThat(after.help()).contains("reviews-v3.yaml");
            assertThat(after.status()).containsExactly("productpage -> reviews  plaintext");
        }
    }

    @Test
    void rowsShowWhatEachServiceServedAndTheEndToEndView() throws Exception {
        proxy.route(bookinfo.host("reviews"), apps.app("reviews", "v2").port());
        try (TrafficDriver driver = TrafficDriver.builder(bookinfo.productPageUri()).proxy(proxy.address())
                .rate(20).start()) {
            DemoMonitor monitor = DemoMonitor.builder(apps, driver.stats()).span(1).build();

            DemoSnapshot snapshot = tickAfterOneSecond(monitor);

            assertThat(snapshot.services()).extracting(ServiceRow::name)
                    .containsExactly("loadgen", "productpage", "details", "reviews", "ratings");
            assertThat(snapshot.services()).allSatisfy(row -> {
                assertThat(row.rps()).as(row.name()).isBetween(14.0, 26.0);
                assertThat(row.successRate()).as(row.name()).isEqualTo(1.0);
                assertThat(row.p99Millis()).as(row.name()).isLessThan(500);
            });
            assertThat(snapshot.window().toMillis()).isBetween(900L, 1300L);
            assertThat(DemoScreen.render(snapshot, ViewMode.PLAIN)).contains("loadgen").contains("  v2   ####");
        }
    }

    @Test
    void upstreamFailuresShowEndToEndWhileProductPageStillSucceeds() throws Exception {
        proxy.route(bookinfo.host("reviews"), apps.app("reviews", "v3").port());
        apps.app("ratings", "v1").close();
        try (TrafficDriver driver = TrafficDriver.builder(bookinfo.productPageUri()).proxy(proxy.address())
                .rate(20).start()) {
            DemoMonitor monitor = DemoMonitor.builder(apps, driver.stats()).build();

            DemoSnapshot snapshot = tickAfterOneSecond(monitor);

            assertThat(snapshot.upstreamErrors()).containsOnlyKeys("ratings");
            assertThat(snapshot.services().getFirst().successRate()).isEqualTo(1.0);
            assertThat(share(snapshot, "v3")).isEqualTo(1.0);
            ServiceRow ratings = snapshot.services().getLast();
            assertThat(ratings.rps()).isZero();
            assertThat(ratings.successRate()).isNaN();
        }
    }

    @Test
    void firstTickLeavesOutWhatHappenedBeforeTheMonitorStarted() {
        WindowRecorder driver = new WindowRecorder();
        driver.record(true, 1_000, "v1", List.of());

        DemoSnapshot snapshot = DemoMonitor.builder(apps, driver).build().tick();

        assertThat(snapshot.services().getFirst().rps()).isZero();
        assertThat(snapshot.reviewsSplit()).allSatisfy(share -> assertThat(share.share()).isZero());
    }

    @Test
    void rowsTurnWindowsIntoRates() {
        WindowRecorder recorder = new WindowRecorder();
        for (int i = 0; i < 10; i++) {
            recorder.record(i < 9, TimeUnit.MILLISECONDS.toNanos(i + 1));
        }
        Window window = recorder.roll();

        ServiceRow row = DemoMonitor.row("details", window, 2.0);

        assertThat(row).isEqualTo(new ServiceRow("details", 5.0, 0.9, window.latencyMillis(50), window.latencyMillis(99)));
        assertThat(DemoMonitor.row("idle", Window.empty(), 2.0)).isEqualTo(ServiceRow.idle("idle"));
    }

    private static DemoSnapshot tickAfterOneSecond(DemoMonitor monitor) throws InterruptedException {
        Thread.sleep(1000);
        return monitor.tick();
    }

    private static double share(DemoSnapshot snapshot, String version) {
        return snapshot.reviewsSplit().stream().filter(s -> s.version().equals(version)).findFirst()
                .orElseThrow().share();
    }
}
