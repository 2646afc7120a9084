package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter between ADS stream attempts: the n-th retry in a row waits a
 * uniformly random time in {@code [0, min(cap, base * 2^n)]}. Full jitter spreads a fleet of proxies
 * that lost the same control plane, so its restart is not met by all of them at once.
 *
 * @param base the bound of the first retry's delay
 * @param cap the largest bound
 */
public record Backoff(Duration base, Duration cap) {

    /** 250 ms doubling up to 30 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    public Backoff {
        requireNonNull(base, "base");
        requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base: " + base + " (expected: > 0)");
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap: " + cap + " (expected: >= base " + base + ")");
        }
    }

    /** The delay before retry number {@code retry} (0 for the first retry after a good stream). */
    public Duration delay(int retry, RandomGenerator random) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry: " + retry + " (expected: >= 0)");
        }
        long capMillis = cap.toMillis();
        long bound = base.toMillis();
        for (int i = 0; i < retry && bound < capMillis; i++) {
            bound = Math.min(capMillis, bound * 2);
        }
        return Duration.ofMillis(random.nextLong(bound + 1));
    }
}
