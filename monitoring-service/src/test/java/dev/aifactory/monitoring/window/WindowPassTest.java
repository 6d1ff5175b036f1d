package dev.aifactory.monitoring.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.monitoring.TrainingProfile;
import dev.aifactory.monitoring.drift.DriftSettings;
import dev.aifactory.monitoring.drift.DriftStatistics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowPassTest {

  private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aLargeWindowKeepsABoundedSampleOfRowsButCountsEveryCapture() {
    Random random = new Random(1);
    DriftBaseline baseline =
        new DriftBaseline(
            List.of(TrainingProfile.numeric("x", TrainingProfile.gaussian(random, 500, 0, 1))),
            null);
    WindowPass pass =
        new WindowPass(new DriftStatistics(DriftSettings.DEFAULTS), baseline, 100, false);

    for (int i = 0; i < 5_000; i++) {
      Map<String, Object> features = new HashMap<>();
      if (i % 4 != 0) {
        features.put("x", random.nextGaussian());
      }
      pass.add(
          new CapturedInference(
              "r" + i,
              "e",
              "primary",
              "g",
              1,
              AT,
              10,
              0.1,
              i % 10 == 0 ? 500 : 200,
              features,
              0.9,
              i % 2 == 0 ? 0.5 : null,
              null));
    }

    WindowAggregate aggregate = pass.aggregate();
    assertThat(aggregate.count()).isEqualTo(5_000);
    assertThat(pass.sample()).hasSize(100);
    assertThat(pass.records()).isNull();
    assertThat(aggregate.missing()).containsEntry("x", 1_250L);
    assertThat(aggregate.latency().errorRate()).isEqualTo(0.1);
    assertThat(aggregate.latency().p99()).isEqualTo(10.0);
    // Half the captures were sampled at 50 %: 2,500 × 2 + 2,500 requests, 10 ms each.
    assertThat(aggregate.requests()).isCloseTo(7_500, within(1e-9));
    assertThat(aggregate.cpuSeconds()).isCloseTo(75, within(1e-9));
    assertThat(aggregate.predicted()).isEqualTo(5_000);
    assertThat(aggregate.expectedAccuracy()).isCloseTo(0.9, within(1e-9));
  }
}
