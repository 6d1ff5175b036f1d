package dev.aifactory.monitoring.drift;

import static dev.aifactory.monitoring.drift.DriftStatisticsTest.baseline;
import static dev.aifactory.monitoring.drift.DriftStatisticsTest.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureDrift;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {

  private final DriftStatistics statistics = new DriftStatistics(DriftSettings.DEFAULTS);
  private final ThresholdCalibration calibration = new ThresholdCalibration(statistics, 10);

  /** Large references: the numeric features use Wasserstein, the categorical Jensen-Shannon. */
  private final DriftBaseline large = baseline(5_000, 100_000);

  private final BaselineCalibration calibrated = calibration.calibrate(large);

  @Test
  void everyDistanceMeasuredFeatureAndThePredictionGetACalibration() {
    assertThat(calibrated.features()).containsOnlyKeys("age", "income", "score", "colour");
    assertThat(calibrated.features().get("age").method()).isEqualTo("wasserstein");
    assertThat(calibrated.features().get("age").chunks()).isEqualTo(100); // 10 splits of 10
    assertThat(calibrated.features().get("age").chunkSize()).isEqualTo(500);
    assertThat(calibrated.features().get("colour").method()).isEqualTo("jensen-shannon");
    assertThat(calibrated.prediction()).isNull(); // 1,000 predictions: KS, a p-value test
    assertThat(calibrated.features().values())
        .allSatisfy(
            c -> {
              assertThat(c.mean()).isPositive();
              assertThat(c.std()).isPositive();
            });
  }

  @Test
  void calibrationIsDeterministic() {
    assertThat(calibration.calibrate(large)).isEqualTo(calibrated);
  }

  @Test
  void unchangedDataStaysQuietOverManySeededWindows() {
    int datasetAlarms = 0;
    for (int size : new int[] {50, 200, 1_000}) {
      int drifted = 0;
      int measured = 0;
      for (int seed = 0; seed < 100; seed++) {
        DriftAnalysis analysis = analyse(calibrated, window(new Random(seed), size, 0.0, false));
        datasetAlarms += analysis.datasetDrift() ? 1 : 0;
        assertThat(analysis.features())
            .extracting(FeatureDrift::thresholdSource)
            .containsOnly("calibrated");
        drifted += (int) analysis.features().stream().filter(FeatureDrift::drifted).count();
        measured += analysis.features().size();
      }
      assertThat((double) drifted / measured)
          .as("false alarm rate per feature in windows of %d", size)
          .isLessThan(0.03);
    }
    // Mean + 3σ is a ~1% false alarm rate per feature; two of the four features at once (the
    // share of 0.5) is then a rare coincidence, not the rule (seed 75 at 50 rows is one).
    assertThat(datasetAlarms)
        .as("dataset drift alarms in 300 unchanged windows")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void shiftedDataFires() {
    DriftAnalysis small = analyse(calibrated, window(new Random(7), 50, 2.0, true));
    DriftAnalysis subtle = analyse(calibrated, window(new Random(7), 1_000, 0.5, true));

    for (DriftAnalysis analysis : List.of(small, subtle)) {
      assertThat(analysis.features())
          .allSatisfy(
              f -> {
                assertThat(f.drifted()).as(f.name()).isTrue();
                assertThat(f.thresholdSource()).isEqualTo("calibrated");
                assertThat(f.statistic()).isGreaterThan(f.threshold());
              });
      assertThat(analysis.datasetDrift()).isTrue();
    }
  }

  @Test
  void aSmallWindowDoesNotCryWolf() {
    int fixedAlarms = 0;
    int calibratedAlarms = 0;
    int measured = 0;
    for (int seed = 0; seed < 100; seed++) {
      List<Map<String, Object>> rows = window(new Random(500 + seed), 50, 0.0, false);
      fixedAlarms += drifted(statistics.analyse(large, rows, List.of(), 0.5));
      DriftAnalysis analysis = analyse(calibrated, rows);
      calibratedAlarms += drifted(analysis);
      measured += analysis.features().size();
    }
    // A fixed distance threshold of 0.1 sits inside the sampling noise of 50 values ...
    assertThat((double) fixedAlarms / measured).isGreaterThan(0.3);
    // ... the calibrated one, scaled to the window size, sits above it.
    assertThat((double) calibratedAlarms / measured).isLessThan(0.03);
  }

  @Test
  void theThresholdFallsWithTheWindowSize() {
    FeatureCalibration age = calibrated.features().get("age");

    assertThat(age.thresholdFor(50)).isGreaterThan(age.thresholdFor(500));
    assertThat(age.thresholdFor(500)).isGreaterThan(age.thresholdFor(50_000));
    // At the chunk size the threshold is about mean + 3σ (window against the whole reference).
    assertThat(age.thresholdFor(age.chunkSize()))
        .isCloseTo(age.mean() + 3 * age.std(), org.assertj.core.api.Assertions.within(0.05));
  }

  @Test
  void pValueTestsKeepTheirFixedThreshold() {
    DriftBaseline small = baseline(1_000, 1_000);
    BaselineCalibration none = calibration.calibrate(small);

    DriftAnalysis analysis = analyse(none, window(new Random(3), 200, 0.0, false));

    assertThat(none.features()).isEmpty();
    assertThat(analysis.features())
        .allSatisfy(
            f -> {
              assertThat(f.thresholdSource()).isEqualTo("fixed");
              assertThat(f.threshold()).isEqualTo(0.05);
            });
  }

  @Test
  void withoutCalibrationTheFixedThresholdIsUsedAndSaidSo() {
    DriftAnalysis analysis =
        statistics.analyse(large, window(new Random(3), 200, 0.0, false), List.of(), 0.5);

    assertThat(analysis.features())
        .allSatisfy(
            f -> {
              assertThat(f.thresholdSource()).isEqualTo("fixed");
              assertThat(f.threshold()).isEqualTo(0.1);
            });
  }

  @Test
  void rejectsFewerThanThreeChunks() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ThresholdCalibration(statistics, 2))
        .withMessageContaining("at least 3 chunks");
  }

  private DriftAnalysis analyse(BaselineCalibration calibration, List<Map<String, Object>> rows) {
    DriftBaseline reference = calibration.features().isEmpty() ? baseline(1_000, 1_000) : large;
    return statistics.analyse(reference, calibration, rows, List.of(), 0.5);
  }

  private static int drifted(DriftAnalysis analysis) {
    return (int) analysis.features().stream().filter(FeatureDrift::drifted).count();
  }
}
