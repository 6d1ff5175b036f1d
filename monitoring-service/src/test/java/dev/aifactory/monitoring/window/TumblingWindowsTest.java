package dev.aifactory.monitoring.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TumblingWindowsTest {

  private final TumblingWindows windows = new TumblingWindows(Duration.ofSeconds(60));

  @Test
  void assignsATimestampToTheWindowThatContainsIt() {
    Instant t = Instant.parse("2026-01-01T10:00:59.999Z");

    assertThat(windows.startOf(t)).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    assertThat(windows.endOf(t)).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
  }

  @Test
  void theEndOfAWindowIsTheStartOfTheNext() {
    Instant boundary = Instant.parse("2026-01-01T10:01:00Z");

    assertThat(windows.startOf(boundary)).isEqualTo(boundary);
  }

  @Test
  void rejectsANonPositiveLength() {
    assertThatThrownBy(() -> new TumblingWindows(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
