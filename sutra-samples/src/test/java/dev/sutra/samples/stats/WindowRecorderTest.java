package dev.sutra.samples.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WindowRecorderTest {

    private final WindowRecorder recorder = new WindowRecorder();

    @Test
    void countsRequestsSuccessesAndLatencyInAWindow() {
        recorder.record(200, TimeUnit.MILLISECONDS.toNanos(2));
        recorder.record(204, TimeUnit.MILLISECONDS.toNanos(4));
        recorder.record(503, TimeUnit.MILLISECONDS.toNanos(100));

        Window window = recorder.roll();

        assertThat(window.requests()).isEqualTo(3);
        assertThat(window.successes()).isEqualTo(2);
        assertThat(window.timedRequests()).isEqualTo(3);
        assertThat(window.latencyMillis(50)).isBetween(3.9, 4.1);
        assertThat(window.latencyMillis(99)).isBetween(99.0, 101.0);
    }

    @Test
    void rollStartsAFreshWindow() {
        recorder.record(true, 1_000);
        recorder.roll();

        Window next = recorder.roll();

        assertThat(next.requests()).isZero();
        assertThat(next.latencyMillis(50)).isNaN();
        assertThat(next.versions()).isEmpty();
    }

    @Test
    void talliesVersionsOfSuccessesOnlyAndUpstreamErrors() {
        recorder.record(true, 1_000, "v1", List.of());
        recorder.record(true, 1_000, "v3", List.of("ratings"));
        recorder.record(true, 1_000, "v3", List.of());
        recorder.record(false, 1_000, "v2", List.of("details", "reviews"));
        recorder.record(true, 1_000, "", List.of("reviews"));

        Window window = recorder.roll();

        assertThat(window.versions()).containsExactly(Map.entry("v1", 1L), Map.entry("v3", 2L));
        assertThat(window.upstreamErrors())
                .containsExactly(Map.entry("details", 1L), Map.entry("ratings", 1L), Map.entry("reviews", 2L));
        assertThat(recorder.roll().versions()).isEmpty();
    }

    @Test
    void unsentRequestsAreFailuresWithoutLatency() {
        recorder.recordUnsent();
        recorder.record(true, 1_000);

        Window window = recorder.roll();

        assertThat(window.requests()).isEqualTo(2);
        assertThat(window.successes()).isEqualTo(1);
        assertThat(window.timedRequests()).isEqualTo(1);
    }

    @Test
    void latencyBeyondAMinuteCountsAsAMinute() {
        recorder.record(true, TimeUnit.MINUTES.toNanos(5));

        assertThat(recorder.roll().latencyMillis(100)).isBetween(59_000.0, 61_000.0);
    }

    @Test
    void losesNothingWhileRollingUnderConcurrentRecording() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    recorder.record(true, 1_000, i % 2 == 0 ? "v1" : "v2", List.of());
                }
                done.countDown();
            });
        }
        List<Window> windows = new ArrayList<>();
        AtomicBoolean finished = new AtomicBoolean();
        while (!finished.get()) {
            finished.set(done.await(1, TimeUnit.MILLISECONDS));
            windows.add(recorder.roll());
        }
        windows.add(recorder.roll());

        Window all = windows.stream().reduce(Window.empty(), Window::plus);
        assertThat(all.requests()).isEqualTo((long) threads * perThread);
        assertThat(all.successes()).isEqualTo(all.requests());
        assertThat(all.timedRequests()).isEqualTo(all.requests());
        assertThat(all.versions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(all.requests());
        for (Window w : windows) {
            // Each window is whole: every request in it has its latency and its version.
            assertThat(w.timedRequests()).isEqualTo(w.requests());
        }
    }
}
