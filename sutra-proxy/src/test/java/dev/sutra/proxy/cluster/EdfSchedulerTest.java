package dev.sutra.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdfSchedulerTest {

    @Test
    void picksInProportionToWeights() {
        double[] w = {1, 2, 3, 0};
        EdfScheduler s = EdfScheduler.create(w.length, e -> w[e], 0);
        int[] counts = new int[w.length];
        for (int i = 0; i < 600; i++) {
            counts[s.pickAndAdd(e -> w[e])]++;
        }
        assertThat(counts).containsExactly(100, 200, 300, 0);
    }

    @Test
    void interleavesRatherThanBursts() {
        double[] w = {1, 1, 2};
        EdfScheduler s = EdfScheduler.create(w.length, e -> w[e], 0);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            order.append(s.pickAndAdd(e -> w[e]));
        }
        // Each window of four picks holds the heavy entry twice and each light one once.
        assertThat(order.substring(0, 4).chars().filter(c -> c == '2').count()).isEqualTo(2);
        assertThat(order.substring(4, 8).chars().filter(c -> c == '2').count()).isEqualTo(2);
    }

    @Test
    void seedShiftsTheStartingPoint() {
        double[] w = {1, 1, 1};
        EdfScheduler a = EdfScheduler.create(w.length, e -> w[e], 0);
        EdfScheduler b = EdfScheduler.create(w.length, e -> w[e], 1);
        assertThat(a.pickAndAdd(e -> w[e])).isNotEqualTo(b.pickAndAdd(e -> w[e]));
    }

    @Test
    void isEmptyWhenNoEntryHasWeight() {
        assertThat(EdfScheduler.create(2, e -> 0, 0).isEmpty()).isTrue();
    }
}
