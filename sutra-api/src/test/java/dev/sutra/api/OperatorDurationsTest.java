package dev.sutra.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorDurationsTest {

    @Test
    void readsANumberAndAUnitOrIso8601() {
        assertThat(OperatorDurations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(OperatorDurations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(OperatorDurations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(OperatorDurations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(OperatorDurations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(OperatorDurations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void saysWhatIsWrongWithABadOne() {
        assertThatThrownBy(() -> OperatorDurations.parse("30")).hasMessageContaining("\"30\" is not a duration: not a number and a unit");
        assertThatThrownBy(() -> OperatorDurations.parse("h")).hasMessageContaining("not a number and a unit");
        assertThatThrownBy(() -> OperatorDurations.parse("5w")).hasMessageContaining("unit \"w\" is not ms, s, m, h or d");
        assertThatThrownBy(() -> OperatorDurations.parse("PTX")).hasMessageContaining("not an ISO-8601 duration");
        assertThatThrownBy(() -> OperatorDurations.parse("99999999999999999999s")).hasMessageContaining("too large");
    }
}
