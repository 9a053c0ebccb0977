package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhaseTimeoutTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    static Stream<Arguments> nonPositive() {
        return Stream.of(
                Arguments.of(Duration.ZERO, ONE_SECOND),
                Arguments.of(Duration.ofMillis(-1), ONE_SECOND),
                Arguments.of(ONE_SECOND, Duration.ZERO),
                Arguments.of(ONE_SECOND, Duration.ofMinutes(-5)),
                Arguments.of(Duration.ZERO, Duration.ZERO));
    }

    @ParameterizedTest(name = "[{index}] idle {0}, deadline {1}")
    @MethodSource("nonPositive")
    void of_zeroOrNegativeDuration_rejected(Duration idle, Duration deadline) {
        assertThatThrownBy(() -> PhaseTimeout.of(idle, deadline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void of_nullDuration_rejected() {
        assertThatThrownBy(() -> PhaseTimeout.of(null, ONE_SECOND)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("idle");
        assertThatThrownBy(() -> PhaseTimeout.of(ONE_SECOND, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("deadline");
    }

    @Test
    void of_positiveDurations_kept() {
        PhaseTimeout timeout = PhaseTimeout.of(Duration.ofNanos(1), Duration.ofMinutes(10));

        assertThat(timeout.idle()).isEqualTo(Duration.ofNanos(1));
        assertThat(timeout.deadline()).isEqualTo(Duration.ofMinutes(10));
    }
}
