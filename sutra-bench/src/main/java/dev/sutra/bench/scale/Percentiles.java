package dev.sutra.bench.scale;

import java.util.Arrays;
import java.util.List;

/**
 * Nearest-rank percentiles of a small sample (p99 of ten samples is their maximum; the report says
 * how many samples there were).
 */
record Percentiles(int count, double p50, double p99, double max) {

    static Percentiles of(List<Double> samples) {
        if (samples.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d)", p50, p99, max, count);
    }
}
