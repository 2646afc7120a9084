package dev.sutra.samples.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LiveViewTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicInteger asked = new AtomicInteger();
    private final Supplier<DemoSnapshot> source = () -> snapshot("tick " + asked.incrementAndGet());

    @Test
    void printsAFrameEverySecondUntilClosed() throws Exception {
        LiveView view = LiveView.start(source, out, ViewMode.ANSI, 5);
        Thread.sleep(2300);
        view.close();
        String printed = text();
        Thread.sleep(1200);

        assertThat(printed).startsWith("\u001b[?25l\u001b[2J").contains("tick 1").contains("tick 2")
                .endsWith("\u001b[?25h");
        assertThat(text()).isEqualTo(printed);
    }

    @Test
    void printsPlainBlocksEveryFewSecondsButAsksEverySecond() throws Exception {
        LiveView view = LiveView.start(source, out, ViewMode.PLAIN, 2);
        Thread.sleep(2400);
        view.close();

        assertThat(asked.get()).isBetween(2, 3);
        assertThat(text()).doesNotContain("\u001b").doesNotContain("tick 1").contains("tick 2");
    }

    @Test
    void keepsTickingWhenTheSourceFails() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Supplier<DemoSnapshot> flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not yet");
            }
            return snapshot("recovered");
        };
        LiveView view = LiveView.start(flaky, out, ViewMode.PLAIN, 1);
        Thread.sleep(2400);
        view.close();

        assertThat(text()).contains("live view: no snapshot: java.lang.IllegalStateException: not yet").contains("recovered");
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static DemoSnapshot snapshot(String title) {
        return new DemoSnapshot(title, LocalTime.NOON, Duration.ofSeconds(1), List.of(ServiceRow.idle("loadgen")),
                List.of(), Map.of(), "", List.of());
    }
}
