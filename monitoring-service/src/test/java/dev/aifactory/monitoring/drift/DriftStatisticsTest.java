package dev.aifactory.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.monitoring.TrainingProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

  private final DriftStatistics statistics = new DriftStatistics(DriftSettings.DEFAULTS);

  private static final Map<String, Double> COLOURS =
      new LinkedHashMap<>(Map.of("red", 0.5, "green", 0.3, "blue", 0.2));

  @Test
  void windowsDrawnFromTheBaselineDistributionStayQuietWithTests() {
    DriftBaseline baseline = baseline(1_000, 1_000);
    assertThat(statistics.methodFor(baseline.features().get(0))).isEqualTo(DriftMethod.KS);
    assertQuiet(baseline, 200);
  }

  @Test
  void windowsDrawnFromTheBaselineDistributionStayQuietWithDistances() {
    DriftBaseline baseline = baseline(5_000, 100_000);
    assertThat(statistics.methodFor(baseline.features().get(0))).isEqualTo(DriftMethod.WASSERSTEIN);
    assertQuiet(baseline, 500);
  }

  @Test
  void aTwoSigmaShiftOfTheNumericFeaturesFiresWithKs() {
    DriftBaseline baseline = baseline(1_000, 1_000);
    DriftAnalysis analysis = analyse(baseline, window(new Random(7), 200, 2.0, false));

    assertThat(numeric(analysis))
        .allSatisfy(
            f -> {
              assertThat(f.method()).isEqualTo("ks");
              assertThat(f.drifted()).isTrue();
              assertThat(f.statistic()).isLessThan(0.05);
              assertThat(f.threshold()).isEqualTo(0.05);
              assertThat(f.thresholdSource()).isEqualTo("fixed");
            });
    assertThat(analysis.driftShare()).isGreaterThanOrEqualTo(0.5);
    assertThat(analysis.datasetDrift()).isTrue();
  }

  @Test
  void aTwoSigmaShiftOfTheNumericFeaturesFiresWithWasserstein() {
    DriftBaseline baseline = baseline(5_000, 100_000);
    DriftAnalysis analysis = analyse(baseline, window(new Random(7), 500, 2.0, false));

    assertThat(numeric(analysis))
        .allSatisfy(
            f -> {
              assertThat(f.method()).isEqualTo("wasserstein");
              assertThat(f.statistic()).isGreaterThan(1.5); // ~2 reference stds
              assertThat(f.drifted()).isTrue();
            });
    assertThat(analysis.datasetDrift()).isTrue();
  }

  @Test
  void aChangeOfCategoryFrequenciesFiresViaChiSquare() {
    FeatureBaseline colour = categorical("colour", COLOURS, 1_000);
    Random random = new Random(3);
    List<Object> shifted = new ArrayList<>();
    List<Object> same = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      shifted.add(pick(random, Map.of("red", 0.2, "green", 0.3, "blue", 0.5)));
      same.add(pick(random, COLOURS));
    }

    FeatureDrift drifted = statistics.measure(colour, shifted).orElseThrow();
    FeatureDrift quiet = statistics.measure(colour, same).orElseThrow();

    assertThat(drifted.method()).isEqualTo("chi-square");
    assertThat(drifted.statistic()).isLessThan(0.05);
    assertThat(drifted.drifted()).isTrue();
    assertThat(quiet.statistic()).isGreaterThan(0.05);
    assertThat(quiet.drifted()).isFalse();
  }

  @Test
  void aCategoryTheBaselineNeverSawIsDrift() {
    FeatureBaseline colour = categorical("colour", COLOURS, 1_000);
    List<Object> observed = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 100; i++) {
      observed.add(i % 10 == 0 ? "purple" : pick(random, COLOURS));
    }

    assertThat(statistics.measure(colour, observed).orElseThrow().drifted()).isTrue();
  }

  @Test
  void largeCategoricalReferencesUseJensenShannon() {
    FeatureBaseline colour = categorical("colour", COLOURS, 50_000);
    List<Object> observed = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      observed.add(i < 180 ? "blue" : "red");
    }

    FeatureDrift drift = statistics.measure(colour, observed).orElseThrow();

    assertThat(drift.method()).isEqualTo("jensen-shannon");
    assertThat(drift.threshold()).isEqualTo(0.1);
    assertThat(drift.drifted()).isTrue();
  }

  @Test
  void psiIsNearZeroForTheSameDistributionAndLargeForAShift() {
    Random random = new Random(11);
    FeatureBaseline x = numericBaseline("x", gaussian(random, 1_000, 0, 1));

    double same = psiOf(x, gaussian(random, 5_000, 0, 1));
    double shifted = psiOf(x, gaussian(random, 5_000, 2, 1));

    assertThat(same).isLessThan(0.05);
    assertThat(shifted).isGreaterThan(1.0);
    assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}))
        .isCloseTo(0.0, within(1e-12));
  }

  @Test
  void psiTreatsTheOuterBinsAsOpenEnded() {
    List<Double> edges = List.of(0.0, 1.0, 2.0, 3.0);

    double[] fractions = DriftStatistics.binFractions(edges, new double[] {-100, 0.5, 1.5, 100});

    assertThat(fractions).containsExactly(0.5, 0.25, 0.25);
  }

  @Test
  void theMethodFollowsTheTypeAndTheSizeOfTheReference() {
    Random random = new Random(1);
    assertThat(statistics.methodFor(numericBaseline("a", gaussian(random, 1_000, 0, 1))))
        .isEqualTo(DriftMethod.KS);
    assertThat(statistics.methodFor(numericBaseline("b", gaussian(random, 1_001, 0, 1))))
        .isEqualTo(DriftMethod.WASSERSTEIN);
    assertThat(statistics.methodFor(categorical("c", COLOURS, 1_000)))
        .isEqualTo(DriftMethod.CHI_SQUARE);
    assertThat(statistics.methodFor(categorical("d", COLOURS, 1_001)))
        .isEqualTo(DriftMethod.JENSEN_SHANNON);
    FeatureBaseline binsOnly =
        new FeatureBaseline(
            "e", "numeric", 10_000, 0, 1, List.of(0.0, 1.0, 2.0), List.of(0.5, 0.5), null, null);
    assertThat(statistics.methodFor(binsOnly)).isEqualTo(DriftMethod.JENSEN_SHANNON);
  }

  @Test
  void thePredictionIsReportedButNotCountedInTheShare() {
    DriftBaseline baseline = baseline(1_000, 1_000);
    Random random = new Random(9);
    List<Map<String, Object>> rows = window(random, 200, 0.0, false);
    List<Double> predictions = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      predictions.add(0.9 + random.nextDouble() * 0.1); // baseline predictions are uniform 0..1
    }

    DriftAnalysis analysis = statistics.analyse(baseline, rows, predictions, 0.5);

    assertThat(analysis.prediction().drifted()).isTrue();
    assertThat(analysis.datasetDrift()).isFalse();
  }

  @Test
  void wassersteinMatchesTheClosedFormOfAShift() {
    double[] a = {0, 1, 2, 3};
    double[] b = {1, 2, 3, 4};

    assertThat(DriftStatistics.wasserstein(a, b)).isCloseTo(1.0, within(1e-12));
  }

  // --- fixtures -------------------------------------------------------------------------------

  private void assertQuiet(DriftBaseline baseline, int windowSize) {
    int drifted = 0;
    int measured = 0;
    for (int seed = 0; seed < 20; seed++) {
      DriftAnalysis analysis = analyse(baseline, window(new Random(1_000 + seed), windowSize, 0.0));
      assertThat(analysis.datasetDrift()).as("dataset drift in quiet window %d", seed).isFalse();
      drifted += (int) analysis.features().stream().filter(FeatureDrift::drifted).count();
      measured += analysis.features().size();
    }
    // With p < 0.05 about one feature in twenty may fire by chance; far more means a biased test.
    assertThat((double) drifted / measured).isLessThan(0.15);
  }

  private DriftAnalysis analyse(DriftBaseline baseline, List<Map<String, Object>> rows) {
    return statistics.analyse(baseline, rows, List.of(), 0.5);
  }

  private static List<FeatureDrift> numeric(DriftAnalysis analysis) {
    return analysis.features().stream().filter(f -> !f.name().equals("colour")).toList();
  }

  /** Three gaussian features (different scales) and one categorical, as training would profile. */
  static DriftBaseline baseline(int sampleSize, long categoricalCount) {
    Random random = new Random(42);
    List<Double> predictions = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      predictions.add(random.nextDouble());
    }
    return new DriftBaseline(
        List.of(
            numericBaseline("age", gaussian(random, sampleSize, 40, 10)),
            numericBaseline("income", gaussian(random, sampleSize, 50_000, 15_000)),
            numericBaseline("score", gaussian(random, sampleSize, 0, 1)),
            categorical("colour", COLOURS, categoricalCount)),
        numericBaseline("prediction", predictions.stream().mapToDouble(d -> d).toArray()));
  }

  private static List<Map<String, Object>> window(Random random, int n, double sigmaShift) {
    return window(random, n, sigmaShift, false);
  }

  static List<Map<String, Object>> window(
      Random random, int n, double sigmaShift, boolean shiftColours) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("age", 40 + 10 * (random.nextGaussian() + sigmaShift));
      row.put("income", 50_000 + 15_000 * (random.nextGaussian() + sigmaShift));
      row.put("score", random.nextGaussian() + sigmaShift);
      row.put(
          "colour",
          pick(random, shiftColours ? Map.of("red", 0.1, "green", 0.1, "blue", 0.8) : COLOURS));
      rows.add(row);
    }
    return rows;
  }

  static double[] gaussian(Random random, int n, double mean, double std) {
    return TrainingProfile.gaussian(random, n, mean, std);
  }

  static FeatureBaseline numericBaseline(String name, double[] sample) {
    return TrainingProfile.numeric(name, sample);
  }

  static FeatureBaseline categorical(String name, Map<String, Double> frequencies, long count) {
    return TrainingProfile.categorical(name, frequencies, count);
  }

  static String pick(Random random, Map<String, Double> frequencies) {
    return TrainingProfile.pick(random, frequencies);
  }

  private double psiOf(FeatureBaseline reference, double[] values) {
    List<Object> observed = new ArrayList<>();
    for (double v : values) {
      observed.add(v);
    }
    return statistics.measure(reference, observed).orElseThrow().psi();
  }
}
