package dev.sutra.samples.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageOutcomeTest {

    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of("a whole page", 200,
                        "{\"details\":{\"version\":\"v1\"},\"reviews\":{\"version\":\"v3\",\"ratings\":{\"version\":\"v1\"}}}",
                        new PageOutcome(true, "v3", List.of())),
                Arguments.of("reviews v1 has no ratings", 200,
                        "{\"details\":{},\"reviews\":{\"version\":\"v1\"}}",
                        new PageOutcome(true, "v1", List.of())),
                Arguments.of("ratings failed behind reviews", 200,
                        "{\"details\":{},\"reviews\":{\"version\":\"v2\",\"ratings\":{\"error\":\"HTTP 503\"}}}",
                        new PageOutcome(true, "v2", List.of("ratings"))),
                Arguments.of("reviews and details failed", 200,
                        "{\"details\":{\"error\":\"x\"},\"reviews\":{\"error\":\"timed out\"}}",
                        new PageOutcome(true, "", List.of("details", "reviews"))),
                Arguments.of("a 2xx that is not JSON", 200, "hello", new PageOutcome(true, "", List.of())),
                Arguments.of("a proxy's 503", 503, "no healthy upstream", new PageOutcome(false, "", List.of())),
                Arguments.of("a 500 with a page", 500, "{\"reviews\":{\"version\":\"v1\"}}",
                        new PageOutcome(false, "", List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void readsWhatAPageSays(String name, int status, String body, PageOutcome expected) {
        assertThat(PageOutcome.of(status, body)).isEqualTo(expected);
    }
}
