package dev.sutra.samples.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoScreenTest {

    private static final DemoSnapshot SNAPSHOT = new DemoSnapshot("sutra demo: bookinfo", LocalTime.of(12, 0, 5),
            Duration.ofSeconds(2),
            List.of(new ServiceRow("loadgen", 20, 0.95, 4.25, 12.0),
                    new ServiceRow("productpage", 20, 1.0, 3.1, 150.0),
                    new ServiceRow("details", 20, 1.0, 0.2, 0.9),
                    new ServiceRow("reviews", 20, 1.0, 1.3, 2500.0),
                    ServiceRow.idle("ratings")),
            List.of(new VersionShare("v1", 19, 0.5), new VersionShare("v2", 0, 0), new VersionShare("v3", 19, 0.5)),
            Map.of("reviews", 2L, "details", 1L),
            "change the world: ./sutra apply -f examples/bookinfo/reviews-v3.yaml",
            List.of("productpage -> reviews  mTLS  spiffe://cluster.local/ns/default/sa/reviews"));

    @Test
    void rendersPlainTextWithoutEscapes() {
        assertThat(DemoScreen.render(SNAPSHOT, ViewMode.PLAIN)).isEqualTo("""
                sutra demo: bookinfo   12:00:05   last 2s

                SERVICE          RPS  SUCCESS       P50       P99
                loadgen         20.0    95.0%    4.3 ms   12.0 ms
                productpage     20.0   100.0%    3.1 ms    150 ms
                details         20.0   100.0%   0.20 ms   0.90 ms
                reviews         20.0   100.0%    1.3 ms    2.50 s
                ratings          0.0        -         -         -

                REVIEWS BY VERSION (38 responses)
                  v1   ###############...............  50%
                  v2   ..............................   0%
                  v3   ###############...............  50%

                UPSTREAM ERRORS details 1  reviews 2

                change the world: ./sutra apply -f examples/bookinfo/reviews-v3.yaml

                productpage -> reviews  mTLS  spiffe://cluster.local/ns/default/sa/reviews

                """);
    }

    @Test
    void rendersAnsiFramesThatRedrawInPlace() {
        String frame = DemoScreen.render(SNAPSHOT, ViewMode.ANSI);

        assertThat(frame).startsWith("\u001b[H").endsWith("\u001b[J");
        assertThat(frame.lines().filter(l -> !l.equals("\u001b[J"))).allSatisfy(l -> assertThat(l).endsWith("\u001b[K"));
        assertThat(frame).contains("\u001b[1msutra demo: bookinfo\u001b[0m")
                .contains("\u001b[36m" + "\u2588".repeat(15) + "\u001b[0m" + " ".repeat(15) + "  50%")
                .contains("\u001b[33m   95.0%\u001b[0m")
                .contains("\u001b[32m  100.0%\u001b[0m")
                .contains("productpage -> reviews  mTLS");
    }

    @Test
    void plainAndAnsiSayTheSameOnceEscapesAreStripped() {
        String ansi = DemoScreen.render(SNAPSHOT, ViewMode.ANSI).replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "")
                .replace('\u2588', '#');
        // Plain bars pad with dots where ANSI bars leave blanks.
        String plain = DemoScreen.render(SNAPSHOT, ViewMode.PLAIN).lines()
                .map(l -> l.startsWith("  v") ? l.replace('.', ' ') : l)
                .collect(Collectors.joining("\n"));

        assertThat(ansi.strip()).isEqualTo(plain.strip());
    }

    @Test
    void leavesOutEmptySections() {
        DemoSnapshot quiet = new DemoSnapshot("t", LocalTime.MIDNIGHT, Duration.ofMillis(1500), List.of(),
                List.of(new VersionShare("v1", 0, 0)), Map.of(), "", List.of());

        String text = DemoScreen.render(quiet, ViewMode.PLAIN);

        assertThat(text).startsWith("t   00:00:00   last 1.5s\n").contains("(0 responses)")
                .doesNotContain("UPSTREAM ERRORS").endsWith("   0%\n\n");
    }

    @Test
    void formatsLatencyForPeople() {
        assertThat(DemoScreen.millis(Double.NaN)).isEqualTo("-");
        assertThat(DemoScreen.millis(0.04)).isEqualTo("0.04 ms");
        assertThat(DemoScreen.millis(1)).isEqualTo("1.0 ms");
        assertThat(DemoScreen.millis(99.94)).isEqualTo("99.9 ms");
        assertThat(DemoScreen.millis(100)).isEqualTo("100 ms");
        assertThat(DemoScreen.millis(3000)).isEqualTo("3.00 s");
    }
}
