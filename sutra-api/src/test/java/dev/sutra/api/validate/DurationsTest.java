package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("1s", Optional.of(Duration.ofSeconds(1))),
                Arguments.of("100ms", Optional.of(Duration.ofMillis(100))),
                Arguments.of("1.5s", Optional.of(Duration.ofMillis(1500))),
                Arguments.of(".5s", Optional.of(Duration.ofMillis(500))),
                Arguments.of("1h30m", Optional.of(Duration.ofMinutes(90))),
                Arguments.of("2m3.25s", Optional.of(Duration.ofMillis(123_250))),
                Arguments.of("250us", Optional.of(Duration.ofNanos(250_000))),
                Arguments.of("-2s", Optional.of(Duration.ofSeconds(-2))),
                Arguments.of("0", Optional.of(Duration.ZERO)),
                Arguments.of("0s", Optional.of(Duration.ZERO)),
                Arguments.of("2", Optional.empty()),
                Arguments.of("2 s", Optional.empty()),
                Arguments.of("1d", Optional.empty()),
                Arguments.of("s", Optional.empty()),
                Arguments.of("1..5s", Optional.empty()),
                Arguments.of("", Optional.empty()),
                Arguments.of("9999999999h", Optional.empty()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("durations")
    void parsesGoDurationSyntax(String text, Optional<Duration> expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }
}
