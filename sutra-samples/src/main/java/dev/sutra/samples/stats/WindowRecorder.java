package dev.sutra.samples.stats;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * Counts requests from any number of threads and hands them out one window at a time. Recording is
 * wait-free and allocates nothing once a version or upstream name has been seen; {@link #roll()}
 * swaps two buckets under HdrHistogram's {@link WriterReaderPhaser} (the scheme its {@code Recorder}
 * uses), so a window never holds half a request and no recording is lost or counted twice.
 *
 * <p>Thread-safe. Rolling is meant for one reader (the live view's ticker): two readers would each
 * see part of the traffic.
 */
public final class WindowRecorder {

    /** Past this many distinct names a tally starts afresh each window instead of growing. */
    private static final int MAX_NAMES = 16;

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Bucket active = new Bucket();
    private Bucket inactive = new Bucket();

    /** Records a completed request; a 2xx status is a success. */
    public void record(int status, long latencyNanos) {
        record(status >= 200 && status < 300, latencyNanos, "", List.of());
    }

    /** Records a completed request. */
    public void record(boolean success, long latencyNanos) {
        record(success, latencyNanos, "", List.of());
    }

    /**
     * Records a completed request with what its response said.
     *
     * @param version the reviews version the response carried, or empty when it carried none
     * @param upstreamErrors the services the response said had failed
     */
    public void record(boolean success, long latencyNanos, String version, List<String> upstreamErrors) {
        long micros = Math.min(Math.max(TimeUnit.NANOSECONDS.toMicros(latencyNanos), 0),
                Window.MAX_LATENCY_MICROS);
        long critical = phaser.writerCriticalSectionEnter();
        try {
            Bucket bucket = active;
            bucket.requests.increment();
            if (success) {
                bucket.successes.increment();
                if (!version.isEmpty()) {
                    Bucket.count(bucket.versions, version);
                }
            }
            for (int i = 0; i < upstreamErrors.size(); i++) {
                Bucket.count(bucket.upstreamErrors, upstreamErrors.get(i));
            }
            bucket.latencyMicros.recordValue(micros);
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /** Records a request that was never sent (the driver was at its in-flight limit): a failure. */
    public void recordUnsent() {
        long critical = phaser.writerCriticalSectionEnter();
        try {
            active.requests.increment();
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /** Closes the current window and returns what it saw; a new window starts at once. */
    public Window roll() {
        phaser.readerLock();
        try {
            inactive.reset();
            Bucket done = active;
            active = inactive;
            inactive = done;
            // After the flip no writer is still inside the bucket taken out, so reading it is exact.
            phaser.flipPhase();
            return done.toWindow();
        } finally {
            phaser.readerUnlock();
        }
    }

    /** One side of the double buffer. */
    private static final class Bucket {
        final LongAdder requests = new LongAdder();
        final LongAdder successes = new LongAdder();
        final AtomicHistogram latencyMicros =
                new AtomicHistogram(Window.MAX_LATENCY_MICROS, Window.LATENCY_DIGITS);
        final ConcurrentHashMap<String, LongAdder> versions = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, LongAdder> upstreamErrors = new ConcurrentHashMap<>();

        static void count(ConcurrentHashMap<String, LongAdder> tally, String name) {
            LongAdder adder = tally.get(name);
            if (adder == null) {
                adder = tally.computeIfAbsent(name, k -> new LongAdder());
            }
            adder.increment();
        }

        void reset() {
            requests.reset();
            successes.reset();
            latencyMicros.reset();
            reset(versions);
            reset(upstreamErrors);
        }

        private static void reset(ConcurrentHashMap<String, LongAdder> tally) {
            if (tally.size() > MAX_NAMES) {
                tally.clear();
            } else {
                tally.values().forEach(LongAdder::reset);
            }
        }

        Window toWindow() {
            Histogram latency = Window.newHistogram();
            latency.add(latencyMicros);
            return new Window(requests.sum(), successes.sum(), latency, snapshot(versions),
                    snapshot(upstreamErrors));
        }

        private static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> tally) {
            Map<String, Long> counts = new TreeMap<>();
            tally.forEach((name, adder) -> {
                long n = adder.sum();
                if (n > 0) {
                    counts.put(name, n);
                }
            });
            return counts;
        }
    }
}
