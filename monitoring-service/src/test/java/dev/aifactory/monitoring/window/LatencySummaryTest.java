package dev.aifactory.monitoring.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.common.events.CapturedInference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentilesComeFromTheIndividualLatenciesNotTheMean() {
    List<CapturedInference> records = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      records.add(record(i <= 98 ? 10 : 1_000, i % 10 == 0 ? 500 : 200));
    }

    LatencySummary summary = LatencySummary.of(records);

    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50()).isEqualTo(10);
    assertThat(summary.p95()).isEqualTo(10);
    assertThat(summary.p99()).isCloseTo(1_000, within(1e-9));
    assertThat(summary.errorRate()).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void anEmptyWindowHasZeroes() {
    assertThat(LatencySummary.of(List.of())).isEqualTo(new LatencySummary(0, 0, 0, 0, 0));
  }

  private static CapturedInference record(double latency, int status) {
    return new CapturedInference(
        "r", "e", "v", "g", 1, Instant.now(), latency, 1, status, Map.of(), 0.5);
  }
}
