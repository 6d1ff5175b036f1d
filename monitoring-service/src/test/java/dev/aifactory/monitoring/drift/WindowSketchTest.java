package dev.aifactory.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.monitoring.TrainingProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming sketches give the exact method's results (Wasserstein within interpolation). */
class WindowSketchTest {

  private final DriftStatistics statistics = new DriftStatistics(DriftSettings.DEFAULTS);

  @Test
  void ksFromTheSketchIsTheExactTestForUnchangedAndShiftedWindows() {
    FeatureBaseline reference =
        TrainingProfile.numeric("x", TrainingProfile.gaussian(new Random(1), 800, 0, 1));
    for (double shift : new double[] {0, 0.1, 0.3, 1}) {
      List<Object> window = gaussian(new Random(2), 5_000, shift, 1);
      FeatureDrift exact = statistics.measure(reference, window).orElseThrow();
      FeatureDrift sketched = sketched(reference, window);

      assertThat(sketched.method()).isEqualTo("ks");
      assertThat(sketched.statistic()).isCloseTo(exact.statistic(), within(1e-9));
      assertThat(sketched.psi()).isCloseTo(exact.psi(), within(1e-12));
      assertThat(sketched.drifted()).isEqualTo(exact.drifted());
    }
  }

  @Test
  void ksFromTheSketchHandlesValuesEqualToReferenceValues() {
    double[] sample = new double[400];
    Random random = new Random(3);
    for (int i = 0; i < sample.length; i++) {
      sample[i] = random.nextInt(10); // heavily tied, as integer features are
    }
    FeatureBaseline reference = TrainingProfile.numeric("count", sample);
    FeatureSketch sketch = statistics.sketch(reference);
    List<Double> window = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      double v = random.nextInt(12) + (i % 7 == 0 ? 0.5 : 0);
      window.add(v);
      sketch.add(v);
    }

    double[] w = window.stream().mapToDouble(Double::doubleValue).toArray();
    assertThat(sketch.ksStatistic())
        .isCloseTo(
            new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                .kolmogorovSmirnovStatistic(sample, w),
            within(1e-12));
  }

  @Test
  void wassersteinFromTheSketchIsWithinOnePercentOfTheExactDistance() {
    FeatureBaseline reference =
        TrainingProfile.numeric("x", TrainingProfile.gaussian(new Random(4), 5_000, 10, 3));
    for (double shift : new double[] {0, 0.5, 2}) {
      List<Object> window = gaussian(new Random(5), 20_000, 10 + 3 * shift, 3);
      FeatureDrift exact = statistics.measure(reference, window).orElseThrow();
      FeatureDrift sketched = sketched(reference, window);

      assertThat(sketched.method()).isEqualTo("wasserstein");
      assertThat(sketched.statistic())
          .isCloseTo(exact.statistic(), within(Math.max(0.002, exact.statistic() * 0.01)));
      assertThat(sketched.drifted()).isEqualTo(exact.drifted());
    }
  }

  @Test
  void categoricalBinaryAndBinnedFeaturesGiveTheExactResults() {
    Map<String, Double> colours = Map.of("red", 0.5, "green", 0.3, "blue", 0.2);
    FeatureBaseline small = TrainingProfile.categorical("colour", colours, 500);
    FeatureBaseline large = TrainingProfile.categorical("colour", colours, 100_000);
    Random random = new Random(6);
    List<Object> colourWindow = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      colourWindow.add(i % 50 == 0 ? "purple" : TrainingProfile.pick(random, colours));
    }
    double[] flags = new double[600];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = i % 3 == 0 ? 1 : 0;
    }
    FeatureBaseline flag = TrainingProfile.numeric("flag", flags);
    List<Object> flagWindow = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      flagWindow.add(random.nextDouble() < 0.4 ? 1 : 0);
    }
    FeatureBaseline binsOnly =
        new FeatureBaseline(
            "score",
            "numeric",
            10_000,
            0.5,
            0.2,
            List.of(0.0, 0.25, 0.5, 0.75, 1.0),
            List.of(0.25, 0.25, 0.25, 0.25),
            null,
            null);
    List<Object> scores = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      scores.add(Math.pow(random.nextDouble(), 2));
    }

    for (Object[] c :
        new Object[][] {
          {small, colourWindow, "chi-square"},
          {large, colourWindow, "jensen-shannon"},
          {flag, flagWindow, "z-test"},
          {binsOnly, scores, "jensen-shannon"}
        }) {
      FeatureBaseline reference = (FeatureBaseline) c[0];
      @SuppressWarnings("unchecked")
      List<Object> window = (List<Object>) c[1];
      FeatureDrift exact = statistics.measure(reference, window).orElseThrow();
      FeatureDrift sketched = sketched(reference, window);
      assertThat(sketched.method()).isEqualTo(c[2]);
      assertThat(sketched.statistic()).isCloseTo(exact.statistic(), within(1e-9));
      assertThat(sketched.psi()).isCloseTo(exact.psi(), within(1e-9));
      assertThat(sketched.drifted()).isEqualTo(exact.drifted());
    }
  }

  @Test
  void aWholeWindowAnalysedFromSketchesMatchesTheExactAnalysis() {
    Random random = new Random(8);
    DriftBaseline baseline =
        new DriftBaseline(
            List.of(
                TrainingProfile.numeric("x1", TrainingProfile.gaussian(random, 500, 0, 1)),
                TrainingProfile.categorical("segment", Map.of("a", 0.6, "b", 0.4), 500)),
            TrainingProfile.numeric("prediction", TrainingProfile.gaussian(random, 500, 0.5, 0.1)));
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Double> predictions = new ArrayList<>();
    WindowSketch sketch = new WindowSketch(statistics, baseline);
    for (int i = 0; i < 3_000; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("x1", random.nextGaussian() + 0.5);
      if (i % 10 != 0) {
        row.put("segment", random.nextDouble() < 0.6 ? "a" : "b"); // some rows miss it
      }
      double prediction = 0.5 + 0.1 * random.nextGaussian();
      rows.add(row);
      predictions.add(prediction);
      sketch.add(row, prediction);
    }

    DriftAnalysis exact = statistics.analyse(baseline, null, rows, predictions, 0.5);
    DriftAnalysis sketched = statistics.analyse(baseline, null, sketch, 0.5);

    assertThat(sketched.driftShare()).isEqualTo(exact.driftShare());
    assertThat(sketched.datasetDrift()).isEqualTo(exact.datasetDrift());
    assertThat(sketched.features()).hasSameSizeAs(exact.features());
    for (int i = 0; i < exact.features().size(); i++) {
      assertThat(sketched.features().get(i).statistic())
          .isCloseTo(exact.features().get(i).statistic(), within(1e-9));
    }
    assertThat(sketched.prediction().statistic())
        .isCloseTo(exact.prediction().statistic(), within(1e-9));
  }

  private FeatureDrift sketched(FeatureBaseline reference, List<Object> window) {
    FeatureSketch sketch = statistics.sketch(reference);
    window.forEach(sketch::add);
    return statistics.measure(sketch, null).orElseThrow();
  }

  private static List<Object> gaussian(Random random, int n, double mean, double std) {
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(mean + std * random.nextGaussian());
    }
    return values;
  }
}
