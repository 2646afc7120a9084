package dev.sutra.samples.view;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks for a {@link DemoSnapshot} once a second and prints it: every second in place on an ANSI
 * terminal, every {@code plainEverySeconds} seconds as a text block otherwise, so a log or a dumb
 * terminal gets a readable trail rather than a flood. The source is asked every second either way,
 * since a source that rolls statistics windows must be ticked at a steady pace.
 *
 * <p>Runs on a daemon thread of its own until {@link #close()}.
 */
public final class LiveView implements AutoCloseable {

    private static final String HIDE_CURSOR = "\u001b[?25l";
    private static final String SHOW_CURSOR = "\u001b[?25h";
    private static final String CLEAR_SCREEN = "\u001b[2J";
    /** In plain mode, a block every this many seconds unless told otherwise. */
    public static final int DEFAULT_PLAIN_EVERY_SECONDS = 5;

    private final Supplier<DemoSnapshot> source;
    private final PrintStream out;
    private final ViewMode mode;
    private final int plainEverySeconds;
    private final ScheduledExecutorService ticker;
    private long ticks;

    private LiveView(Supplier<DemoSnapshot> source, PrintStream out, ViewMode mode, int plainEverySeconds) {
        this.source = source;
        this.out = out;
        this.mode = mode;
        this.plainEverySeconds = plainEverySeconds;
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sutra-live-view").factory());
    }

    /** Starts a view in the mode {@link ViewMode#detect()} picks, plain blocks every 5 seconds. */
    public static LiveView start(Supplier<DemoSnapshot> source, PrintStream out) {
        return start(source, out, ViewMode.detect(), DEFAULT_PLAIN_EVERY_SECONDS);
    }

    /**
     * Starts a view; the first frame comes after one second, once there is a window to show.
     *
     * @param plainEverySeconds in plain mode, print every this many ticks (1 prints every second)
     */
    public static LiveView start(Supplier<DemoSnapshot> source, PrintStream out, ViewMode mode,
            int plainEverySeconds) {
        requireNonNull(source, "source");
        requireNonNull(out, "out");
        requireNonNull(mode, "mode");
        if (plainEverySeconds < 1) {
            throw new IllegalArgumentException("plainEverySeconds: " + plainEverySeconds + " (expected: >= 1)");
        }
        LiveView view = new LiveView(source, out, mode, plainEverySeconds);
        if (mode == ViewMode.ANSI) {
            out.print(HIDE_CURSOR + CLEAR_SCREEN);
            out.flush();
        }
        view.ticker.scheduleAtFixedRate(view::tick, 1, 1, TimeUnit.SECONDS);
        return view;
    }

    private void tick() {
        // A throw would cancel the schedule for good: report it and keep ticking.
        try {
            DemoSnapshot snapshot = source.get();
            ticks++;
            if (mode == ViewMode.ANSI || ticks % plainEverySeconds == 0) {
                out.print(DemoScreen.render(snapshot, mode));
                out.flush();
            }
        } catch (RuntimeException e) {
            out.println("live view: no snapshot: " + e);
        }
    }

    /** Stops printing; on an ANSI terminal the cursor comes back below the last frame. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mode == ViewMode.ANSI) {
            out.print(SHOW_CURSOR);
            out.flush();
        }
    }
}
