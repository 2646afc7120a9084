package dev.sutra.samples.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void plusAddsCountsTalliesAndLatencies() {
        WindowRecorder a = new WindowRecorder();
        WindowRecorder b = new WindowRecorder();
        a.record(true, TimeUnit.MILLISECONDS.toNanos(1), "v1", List.of("ratings"));
        b.record(false, TimeUnit.MILLISECONDS.toNanos(9), "", List.of("ratings"));
        b.record(true, TimeUnit.MILLISECONDS.toNanos(9), "v3", List.of());

        Window sum = a.roll().plus(b.roll());

        assertThat(sum.requests()).isEqualTo(3);
        assertThat(sum.successes()).isEqualTo(2);
        assertThat(sum.latencyMillis(0)).isBetween(0.99, 1.01);
        assertThat(sum.latencyMillis(100)).isBetween(8.9, 9.1);
        assertThat(sum.versions()).containsExactly(Map.entry("v1", 1L), Map.entry("v3", 1L));
        assertThat(sum.upstreamErrors()).containsExactly(Map.entry("ratings", 2L));
    }

    @Test
    void emptyIsTheIdentity() {
        WindowRecorder a = new WindowRecorder();
        a.record(200, 5_000);
        Window w = a.roll();

        assertThat(Window.empty().plus(w)).isSameAs(w);
        assertThat(w.plus(Window.empty())).isSameAs(w);
        assertThat(Window.empty().requests()).isZero();
    }
}
