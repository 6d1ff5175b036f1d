package dev.aifactory.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.monitoring.TrainingProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryFeatureDriftTest {

  private final DriftStatistics statistics = new DriftStatistics(DriftSettings.DEFAULTS);

  @Test
  void aSmallBinaryReferenceIsComparedWithTheTwoProportionZTest() {
    assertThat(statistics.methodFor(flag(new Random(1), 500, 0.3))).isEqualTo(DriftMethod.Z_TEST);
    assertThat(statistics.methodFor(flag(new Random(1), 5_000, 0.3)))
        .isEqualTo(DriftMethod.WASSERSTEIN);
    assertThat(
            statistics.methodFor(
                TrainingProfile.numeric("x", TrainingProfile.gaussian(new Random(1), 500, 0, 1))))
        .isEqualTo(DriftMethod.KS);
  }

  @Test
  void unchangedBinaryTrafficStaysQuiet() {
    FeatureBaseline reference = flag(new Random(42), 500, 0.3);
    Random random = new Random(7);
    int alarms = 0;
    for (int w = 0; w < 40; w++) {
      FeatureDrift drift = statistics.measure(reference, ones(random, 200, 0.3)).orElseThrow();
      assertThat(drift.method()).isEqualTo("z-test");
      alarms += drift.drifted() ? 1 : 0;
    }
    // p < 0.05 by construction: about 2 of 40 unchanged windows; many more would be crying wolf.
    assertThat(alarms).isLessThanOrEqualTo(5);
  }

  @Test
  void aShiftedShareOfOnesFires() {
    FeatureBaseline reference = flag(new Random(42), 500, 0.3);

    FeatureDrift drift = statistics.measure(reference, ones(new Random(7), 200, 0.5)).orElseThrow();

    assertThat(drift.method()).isEqualTo("z-test");
    assertThat(drift.statistic()).isLessThan(0.05);
    assertThat(drift.threshold()).isEqualTo(0.05);
    assertThat(drift.drifted()).isTrue();
  }

  @Test
  void theZTestPValueMatchesTheTextbookExample() {
    // 30 of 100 vs 45 of 100: pooled 0.375, z = -2.19, two-sided p = 0.0285.
    double[] a = new double[100];
    double[] b = new double[100];
    for (int i = 0; i < 30; i++) {
      a[i] = 1;
    }
    for (int i = 0; i < 45; i++) {
      b[i] = 1;
    }
    assertThat(DriftStatistics.zTestPValue(a, b)).isBetween(0.027, 0.030);
    assertThat(DriftStatistics.zTestPValue(new double[10], new double[10])).isEqualTo(1.0);
  }

  @Test
  void aConfiguredZTestOnANonBinaryFeatureFallsBackToKs() {
    DriftStatistics configured =
        new DriftStatistics(new DriftSettings(1000, 0.05, 0.1, DriftMethod.Z_TEST, null));
    assertThat(
            configured.methodFor(
                TrainingProfile.numeric("x", TrainingProfile.gaussian(new Random(1), 500, 0, 1))))
        .isEqualTo(DriftMethod.KS);
  }

  /** A reference with exactly {@code share} ones, in random order (the training set's flags). */
  private static FeatureBaseline flag(Random random, int n, double share) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(i < Math.round(n * share) ? 1.0 : 0.0);
    }
    java.util.Collections.shuffle(values, random);
    return TrainingProfile.numeric(
        "flag", values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static List<Object> ones(Random random, int n, double share) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(random.nextDouble() < share ? 1 : 0);
    }
    return values;
  }
}
