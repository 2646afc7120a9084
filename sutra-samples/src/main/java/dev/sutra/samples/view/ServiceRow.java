package dev.sutra.samples.view;

import static java.util.Objects.requireNonNull;

/**
 * One line of the service table. Numbers that cannot be known (no requests in the window) are
 * {@code NaN} and show as a dash.
 *
 * @param name what the row is about: a service, or {@code loadgen} for the end-to-end view
 * @param rps requests per second over the window
 * @param successRate the share of requests answered 2xx, 0 to 1
 * @param p50Millis median latency in milliseconds
 * @param p99Millis 99th percentile latency in milliseconds
 */
public record ServiceRow(String name, double rps, double successRate, double p50Millis, double p99Millis) {

    public ServiceRow {
        requireNonNull(name, "name");
    }

    /** A row for something that saw no requests. */
    public static ServiceRow idle(String name) {
        return new ServiceRow(name, 0, Double.NaN, Double.NaN, Double.NaN);
    }
}
