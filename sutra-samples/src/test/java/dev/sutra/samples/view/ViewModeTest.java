package dev.sutra.samples.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewModeTest {

    @Test
    void drawsInPlaceOnlyOnARealTerminal() {
        assertThat(ViewMode.detect(Map.of("TERM", "xterm-256color"), true)).isEqualTo(ViewMode.ANSI);
        assertThat(ViewMode.detect(Map.of("TERM", "dumb"), true)).isEqualTo(ViewMode.PLAIN);
        assertThat(ViewMode.detect(Map.of(), true)).isEqualTo(ViewMode.PLAIN);
        assertThat(ViewMode.detect(Map.of("TERM", "xterm"), false)).isEqualTo(ViewMode.PLAIN);
    }

    @Test
    void isPlainWhenOutputIsNotATerminal() {
        // Surefire runs tests with standard streams redirected.
        assertThat(ViewMode.detect()).isEqualTo(ViewMode.PLAIN);
    }
}
