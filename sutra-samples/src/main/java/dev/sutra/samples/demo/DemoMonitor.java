package dev.sutra.samples.demo;

import static java.util.Objects.requireNonNull;

import dev.sutra.samples.bookinfo.Bookinfo;
import dev.sutra.samples.bookinfo.BookinfoApp;
import dev.sutra.samples.bookinfo.BookinfoService;
import dev.sutra.samples.bookinfo.RunningBookinfo;
import dev.sutra.samples.stats.Window;
import dev.sutra.samples.stats.WindowRecorder;
import dev.sutra.samples.view.DemoSnapshot;
import dev.sutra.samples.view.ServiceRow;
import dev.sutra.samples.view.VersionShare;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the demo's statistics into snapshots: each {@link #tick()} closes a window on every app and
 * on the traffic driver, and reports the last {@code span} windows together.
 *
 * <ul>
 *   <li>Service rows are what each service served, all versions together (Istio's
 *       {@code reporter="destination"}); the {@code loadgen} row is what the driver saw end to end,
 *       so failures a proxy generates or injects show there and under upstream errors.
 *   <li>The reviews split is by the version named in each successful page the driver got back,
 *       listing every deployed version, 0% included, so the bars stay put as weights move.
 * </ul>
 *
 * <p>Not thread-safe: one ticker, such as the {@link dev.sutra.samples.view.LiveView}'s thread,
 * calls {@link #tick()}, and nobody else rolls the recorders it reads.
 *
 * <pre>{@code
 * DemoMonitor monitor = DemoMonitor.builder(apps, driver.stats())
 *         .help("change the world: ./sutra apply -f examples/bookinfo/reviews-v3.yaml")
 *         .status(() -> edges())
 *         .build();
 * LiveView view = LiveView.start(monitor::tick, System.out);
 * }</pre>
 */
public final class DemoMonitor {

    private final RunningBookinfo apps;
    private final WindowRecorder driver;
    private final String title;
    private final String help;
    private final Supplier<List<String>> status;
    private final int span;
    private final Map<String, Deque<Window>> history = new LinkedHashMap<>();
    private final Deque<Long> tickNanos = new ArrayDeque<>();
    private long lastTick;

    private DemoMonitor(Builder b) {
        this.apps = b.apps;
        this.driver = b.driver;
        this.title = b.title;
        this.help = b.help;
        this.status = b.status;
        this.span = b.span;
        // Start from a clean slate, so the first window is not everything since the apps started.
        driver.roll();
        apps.apps().forEach(app -> app.stats().roll());
        this.lastTick = System.nanoTime();
    }

    /**
     * A monitor of running apps and the driver's statistics.
     *
     * @param driver the traffic driver's recorder, {@code TrafficDriver.stats()}
     */
    public static Builder builder(RunningBookinfo apps, WindowRecorder driver) {
        return new Builder(requireNonNull(apps, "apps"), requireNonNull(driver, "driver"));
    }

    /** Closes a window everywhere and returns the snapshot of the last {@code span} windows. */
    public DemoSnapshot tick() {
        long now = System.nanoTime();
        remember(tickNanos, now - lastTick);
        lastTick = now;
        remember(Bookinfo.LOADGEN, driver.roll());
        for (BookinfoService service : apps.topology().services()) {
            Window served = Window.empty();
            for (BookinfoApp app : apps.apps(service.name())) {
                served = served.plus(app.stats().roll());
            }
            remember(service.name(), served);
        }

        double seconds = tickNanos.stream().mapToLong(Long::longValue).sum() / 1e9;
        List<ServiceRow> rows = new ArrayList<>();
        history.forEach((name, windows) -> rows.add(row(name, merged(windows), seconds)));
        Window endToEnd = merged(history.get(Bookinfo.LOADGEN));
        return new DemoSnapshot(title, LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                Duration.ofMillis(Math.round(seconds * 10) * 100), rows, split(endToEnd), endToEnd.upstreamErrors(),
                help, status.get());
    }

    private void remember(String name, Window window) {
        remember(history.computeIfAbsent(name, n -> new ArrayDeque<>()), window);
    }

    private <T> void remember(Deque<T> windows, T window) {
        windows.addLast(window);
        while (windows.size() > span) {
            windows.removeFirst();
        }
    }

    private static Window merged(Deque<Window> windows) {
        Window all = Window.empty();
        for (Window w : windows) {
            all = all.plus(w);
        }
        return all;
    }

    static ServiceRow row(String name, Window w, double seconds) {
        if (w.requests() == 0) {
            return ServiceRow.idle(name);
        }
        return new ServiceRow(name, seconds > 0 ? w.requests() / seconds : 0,
                (double) w.successes() / w.requests(), w.latencyMillis(50), w.latencyMillis(99));
    }

    private List<VersionShare> split(Window endToEnd) {
        Set<String> versions = new LinkedHashSet<>(apps.topology().service("reviews").versions());
        versions.addAll(endToEnd.versions().keySet());
        long total = endToEnd.versions().values().stream().mapToLong(Long::longValue).sum();
        List<VersionShare> shares = new ArrayList<>();
        for (String version : versions) {
            long n = endToEnd.versions().getOrDefault(version, 0L);
            shares.add(new VersionShare(version, n, total == 0 ? 0 : (double) n / total));
        }
        return shares;
    }

    /** Configures a monitor. */
    public static final class Builder {
        private final RunningBookinfo apps;
        private final WindowRecorder driver;
        private String title = "sutra demo: bookinfo";
        private String help = "";
        private Supplier<List<String>> status = List::of;
        private int span = 2;

        private Builder(RunningBookinfo apps, WindowRecorder driver) {
            this.apps = apps;
            this.driver = driver;
        }

        /** The first line of the screen; default {@code sutra demo: bookinfo}. */
        public Builder title(String title) {
            this.title = requireNonNull(title, "title");
            return this;
        }

        /** The help line, such as {@code change the world: ./sutra apply -f examples/bookinfo/reviews-v3.yaml}. */
        public Builder help(String help) {
            this.help = requireNonNull(help, "help");
            return this;
        }

        /** Lines for the status area, asked for on every tick; keep it cheap. */
        public Builder status(Supplier<List<String>> status) {
            this.status = requireNonNull(status, "status");
            return this;
        }

        /**
         * How many ticks the numbers cover; default 2, so a change of routing shows fully within
         * two seconds while 20 requests a second still give a steady split.
         */
        public Builder span(int ticks) {
            if (ticks < 1 || ticks > 60) {
                throw new IllegalArgumentException("span: " + ticks + " (expected: 1 to 60)");
            }
            this.span = ticks;
            return this;
        }

        /** The monitor; it resets every recorder it reads. */
        public DemoMonitor build() {
            return new DemoMonitor(this);
        }
    }
}
