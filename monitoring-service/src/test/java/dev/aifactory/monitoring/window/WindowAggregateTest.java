package dev.aifactory.monitoring.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.monitoring.TrainingProfile;
import dev.aifactory.monitoring.drift.DriftAnalysis;
import dev.aifactory.monitoring.drift.DriftSettings;
import dev.aifactory.monitoring.drift.DriftStatistics;
import dev.aifactory.monitoring.drift.WindowSketch;
import dev.aifactory.monitoring.slo.Slo;
import dev.aifactory.monitoring.slo.SloObjective;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.junit.jupiter.api.Test;

/**
 * The aggregate built at ingest, stored and restored after every batch as the ingest transaction
 * does, gives the exact drift analysis (KS, chi-square, Z, Jensen-Shannon, PSI exactly; Wasserstein
 * within 1 %) and latency figures within the histogram's precision.
 */
class WindowAggregateTest {

  private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
  private static final Map<String, Double> SEGMENTS = Map.of("a", 0.5, "b", 0.3, "c", 0.2);

  private final DriftStatistics statistics = new DriftStatistics(DriftSettings.DEFAULTS);

  @Test
  void statisticsFromAStoredAndMergedAggregateMatchTheExactOnesQuietWhenUnchangedFiringWhenShifted()
      throws IOException {
    Random random = new Random(11);
    double[] flags = new double[600];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = i % 3 == 0 ? 1 : 0;
    }
    DriftBaseline baseline =
        new DriftBaseline(
            List.of(
                TrainingProfile.numeric("small", TrainingProfile.gaussian(random, 800, 0, 1)),
                TrainingProfile.numeric("large", TrainingProfile.gaussian(random, 5_000, 10, 3)),
                TrainingProfile.categorical("segment", SEGMENTS, 500),
                TrainingProfile.categorical("region", SEGMENTS, 100_000),
                TrainingProfile.numeric("flag", flags),
                new FeatureBaseline(
                    "score",
                    "numeric",
                    10_000,
                    0.5,
                    0.2,
                    List.of(0.0, 0.25, 0.5, 0.75, 1.0),
                    List.of(0.25, 0.25, 0.25, 0.25),
                    null,
                    null)),
            TrainingProfile.numeric("prediction", TrainingProfile.gaussian(random, 500, 0.5, 0.1)));
    List<String> methods =
        List.of("ks", "wasserstein", "chi-square", "jensen-shannon", "z-test", "jensen-shannon");

    for (boolean shifted : new boolean[] {false, true}) {
      List<CapturedInference> window = window(new Random(shifted ? 13 : 12), 6_000, shifted);
      DriftAnalysis exact =
          statistics.analyse(
              baseline,
              null,
              window.stream().map(CapturedInference::features).toList(),
              window.stream().map(CapturedInference::prediction).toList(),
              0.5);
      DriftAnalysis sketched =
          statistics.analyse(baseline, null, storedBatchByBatch(baseline, window).sketch(), 0.5);

      assertThat(sketched.features()).hasSize(6);
      for (int i = 0; i < exact.features().size(); i++) {
        FeatureDrift e = exact.features().get(i);
        FeatureDrift s = sketched.features().get(i);
        assertThat(s.method()).isEqualTo(methods.get(i));
        double tolerance =
            s.method().equals("wasserstein") ? Math.max(0.002, e.statistic() * 0.01) : 1e-9;
        assertThat(s.statistic()).as(e.name()).isCloseTo(e.statistic(), within(tolerance));
        assertThat(s.psi()).as(e.name()).isCloseTo(e.psi(), within(1e-9));
        assertThat(s.drifted()).as(e.name()).isEqualTo(e.drifted()).isEqualTo(shifted);
      }
      assertThat(sketched.prediction().statistic())
          .isCloseTo(exact.prediction().statistic(), within(1e-9));
      assertThat(sketched.datasetDrift()).isEqualTo(exact.datasetDrift()).isEqualTo(shifted);
    }
  }

  @Test
  void storedBatchByBatchItCountsLatencyMissingFeaturesAndSloGoodRequestsLikeOnePass()
      throws IOException {
    DriftBaseline baseline =
        new DriftBaseline(
            List.of(
                TrainingProfile.numeric(
                    "small", TrainingProfile.gaussian(new Random(1), 500, 0, 1))),
            null);
    List<CapturedInference> window = new ArrayList<>();
    Random random = new Random(2);
    double[] latencies = new double[4_000];
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = Math.round(random.nextDouble() * 200); // whole ms, 0–200
      Map<String, Object> features = new HashMap<>();
      if (i % 5 != 0) {
        features.put("small", random.nextGaussian());
      }
      window.add(
          new CapturedInference(
              "r" + i,
              "e",
              "primary",
              "g",
              1,
              AT,
              latencies[i],
              0.1,
              i % 20 == 0 ? 503 : i % 25 == 0 ? 404 : 200,
              features,
              i % 2 == 0 ? 0.9 : 0.3,
              i % 4 == 0 ? 0.25 : null,
              null));
    }

    WindowAggregate aggregate = storedBatchByBatch(baseline, window);

    assertThat(aggregate.count()).isEqualTo(4_000);
    assertThat(aggregate.missing()).containsEntry("small", 800L);
    Percentile exact = new Percentile().withEstimationType(EstimationType.R_7);
    exact.setData(latencies.clone());
    LatencySummary latency = aggregate.latency();
    assertThat(latency.p50()).isCloseTo(exact.evaluate(50), within(0.002 * exact.evaluate(50) + 1));
    assertThat(latency.p99()).isCloseTo(exact.evaluate(99), within(0.002 * exact.evaluate(99) + 1));
    long errors = window.stream().filter(r -> r.status() >= 400).count();
    assertThat(latency.errorRate()).isCloseTo((double) errors / 4_000, within(1e-12));
    assertThat(aggregate.expectedAccuracy()).isCloseTo(0.8, within(1e-9));
    // 1,000 captures sampled at 25 % stand for 4,000 requests.
    assertThat(aggregate.requests()).isCloseTo(7_000, within(1e-9));
    // Whole-ms latencies are far from a 100.5 ms threshold: the histogram counts them exactly.
    Slo fast = slo(SloObjective.LATENCY, 100.5);
    Slo available = slo(SloObjective.AVAILABILITY, null);
    double good = 0;
    double up = 0;
    for (CapturedInference r : window) {
      double weight = WindowPass.weightOf(r.sampleRate());
      good += fast.good(r) ? weight : 0;
      up += available.good(r) ? weight : 0;
    }
    assertThat(aggregate.good(fast)).isCloseTo(good, within(1e-9));
    assertThat(aggregate.good(available)).isCloseTo(up, within(1e-9));
  }

  @Test
  void anAggregateStoredForAnotherBaselineIsNotReadAsThisOne() {
    DriftBaseline one =
        new DriftBaseline(
            List.of(
                TrainingProfile.numeric("x", TrainingProfile.gaussian(new Random(1), 300, 0, 1))),
            null);
    DriftBaseline other =
        new DriftBaseline(
            List.of(
                TrainingProfile.numeric("x", TrainingProfile.gaussian(new Random(1), 400, 0, 1))),
            null);
    WindowAggregate aggregate = WindowAggregate.start(statistics, one, true);
    aggregate.add(capture(0, Map.of("x", 0.5)));
    byte[] state = aggregate.toBytes();

    assertThatThrownBy(() -> WindowAggregate.read(state, statistics, other))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> WindowAggregate.read(state, statistics, null))
        .isInstanceOf(IOException.class);
  }

  /** As the ingest transaction does: restore the stored state, add a batch, store it again. */
  private WindowAggregate storedBatchByBatch(DriftBaseline baseline, List<CapturedInference> rows)
      throws IOException {
    // Ingest copies an empty sketch per batch instead of sorting the reference samples again.
    WindowSketch prototype = new WindowSketch(statistics, baseline);
    byte[] state = WindowAggregate.start(baseline, prototype, true).toBytes();
    for (int from = 0; from < rows.size(); from += 250) {
      WindowAggregate aggregate = WindowAggregate.read(state, statistics, baseline, prototype);
      rows.subList(from, Math.min(rows.size(), from + 250)).forEach(aggregate::add);
      state = aggregate.toBytes();
    }
    return WindowAggregate.read(state, statistics, baseline);
  }

  private static List<CapturedInference> window(Random random, int n, boolean shifted) {
    Map<String, Double> segments = shifted ? Map.of("a", 0.2, "b", 0.3, "c", 0.5) : SEGMENTS;
    List<CapturedInference> window = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("small", random.nextGaussian() + (shifted ? 0.5 : 0));
      row.put("large", 10 + 3 * random.nextGaussian() + (shifted ? 3 : 0));
      row.put("segment", TrainingProfile.pick(random, segments));
      row.put("region", TrainingProfile.pick(random, segments));
      row.put("flag", random.nextDouble() < (shifted ? 0.6 : 1.0 / 3) ? 1 : 0);
      double u = random.nextDouble();
      row.put("score", shifted ? u * u : u);
      window.add(
          new CapturedInference(
              "r" + i,
              "e",
              "primary",
              "g",
              1,
              AT,
              5,
              0.1,
              200,
              row,
              0.5 + 0.1 * random.nextGaussian() + (shifted ? 0.1 : 0),
              null,
              null));
    }
    return window;
  }

  private static CapturedInference capture(int i, Map<String, Object> features) {
    return new CapturedInference(
        "r" + i, "e", "primary", "g", 1, AT, 5, 0.1, 200, features, 0.5, null, null);
  }

  private static Slo slo(SloObjective objective, Double thresholdMs) {
    return new Slo(UUID.randomUUID(), "team", "e", "slo", objective, 0.99, thresholdMs, 30, AT, AT);
  }
}
