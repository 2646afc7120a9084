package dev.sutra.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    @Test
    void staysWithinADoublingBoundUpToTheCap() {
        SplittableRandom random = new SplittableRandom(42);
        for (int retry = 0; retry < 40; retry++) {
            long bound = Math.min(30_000, 250L << Math.min(retry, 20));
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(retry, random).toMillis()).isBetween(0L, bound);
            }
        }
    }

    @Test
    void spreadsOverTheWholeRangeWithFullJitter() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long d = backoff.delay(10, random).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        // 2000 uniform draws from [0, 30 s]: the extremes land within 1% of the ends all but never.
        assertThat(min).isLessThan(300);
        assertThat(max).isGreaterThan(29_700);
    }

    @Test
    void rejectsAZeroBaseAndACapBelowIt() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("base: PT0S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("cap: PT1S");
    }
}
