package dev.sutra.samples.stats;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one or more recorders saw over some span of time: requests, how many succeeded, their
 * latency, and two tallies the traffic driver fills (the reviews version of each success and the
 * upstreams a response said had failed). Immutable; {@link #plus(Window)} combines windows of the
 * same source over consecutive spans, or of several sources (the versions of one service) over the
 * same span. A window does not know its length: whoever rolls the recorders keeps the clock.
 */
public final class Window {

    /** Latencies are kept in microseconds up to a minute; longer ones count as a minute. */
    static final long MAX_LATENCY_MICROS = 60_000_000L;
    /** Two significant digits: 1% resolution is plenty for a screen, and keeps a window small. */
    static final int LATENCY_DIGITS = 2;

    private static final Window EMPTY = new Window(0, 0, newHistogram(), Map.of(), Map.of());

    private final long requests;
    private final long successes;
    private final Histogram latencyMicros;
    private final Map<String, Long> versions;
    private final Map<String, Long> upstreamErrors;

    Window(long requests, long successes, Histogram latencyMicros, Map<String, Long> versions,
            Map<String, Long> upstreamErrors) {
        this.requests = requests;
        this.successes = successes;
        this.latencyMicros = requireNonNull(latencyMicros, "latencyMicros");
        this.versions = sorted(versions);
        this.upstreamErrors = sorted(upstreamErrors);
    }

    /** A window in which nothing happened. */
    public static Window empty() {
        return EMPTY;
    }

    /** Requests that completed in the window, plus requests the driver had to skip. */
    public long requests() {
        return requests;
    }

    /** Requests answered with a 2xx status. */
    public long successes() {
        return successes;
    }

    /** Requests that completed with a latency (every request except those never sent). */
    public long timedRequests() {
        return latencyMicros.getTotalCount();
    }

    /**
     * The latency at a percentile, in milliseconds, or {@code NaN} when no request completed.
     *
     * @param percentile from 0 to 100
     */
    public double latencyMillis(double percentile) {
        if (latencyMicros.getTotalCount() == 0) {
            return Double.NaN;
        }
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Successful responses by the reviews version they carried, sorted by version. */
    public Map<String, Long> versions() {
        return versions;
    }

    /** Responses that reported a failed upstream call, by the failed service, sorted by name. */
    public Map<String, Long> upstreamErrors() {
        return upstreamErrors;
    }

    /** This window and another together. */
    public Window plus(Window other) {
        requireNonNull(other, "other");
        if (other.requests == 0 && other.latencyMicros.getTotalCount() == 0) {
            return this;
        }
        if (requests == 0 && latencyMicros.getTotalCount() == 0) {
            return other;
        }
        Histogram latency = newHistogram();
        latency.add(latencyMicros);
        latency.add(other.latencyMicros);
        return new Window(requests + other.requests, successes + other.successes, latency,
                sum(versions, other.versions), sum(upstreamErrors, other.upstreamErrors));
    }

    @Override
    public String toString() {
        return "Window[requests=" + requests + ", successes=" + successes + ", p50=" + latencyMillis(50)
                + "ms, versions=" + versions + ", upstreamErrors=" + upstreamErrors + "]";
    }

    static Histogram newHistogram() {
        return new Histogram(MAX_LATENCY_MICROS, LATENCY_DIGITS);
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Long> sum = new TreeMap<>(a);
        b.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return sum;
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        return counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
