package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.ChampionComparison;
import dev.aifactory.common.events.ShadowResult;
import dev.aifactory.monitoring.drift.DriftStatistics;
import dev.aifactory.monitoring.rollout.Rollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * A candidate window compared with the champion's window over the same span, the rollout gate's
 * input. Paired predictions come from shadow results: a candidate capture that carries the
 * champion's answer, or a champion capture that carries the candidate's.
 */
final class ChampionComparisons {

  private ChampionComparisons() {}

  /**
   * The comparison, or null when the champion has no captures in the span (nothing to compare with,
   * so the gate must not read a ratio against an empty window).
   *
   * @param objective the model's objective ({@code binary*}: classes at 0.5, {@code multi*}: class
   *     ids, else regression compared within {@code tolerance} relative difference)
   */
  static ChampionComparison compare(
      Rollout rollout,
      String objective,
      List<CapturedInference> candidate,
      List<CapturedInference> champion,
      double tolerance) {
    if (champion.isEmpty()) {
      return null;
    }
    LatencySummary cand = LatencySummary.of(candidate);
    LatencySummary champ = LatencySummary.of(champion);
    List<double[]> pairs = new ArrayList<>();
    for (CapturedInference c : candidate) {
      ShadowResult shadow = c.shadow();
      if (shadow != null && rollout.championVariant().equals(shadow.variant())) {
        pair(pairs, c.prediction(), shadow);
      }
    }
    for (CapturedInference c : champion) {
      ShadowResult shadow = c.shadow();
      if (shadow != null
          && rollout.candidateVariant().equals(shadow.variant())
          && shadow.version() == rollout.candidateVersion()) {
        Double mine = shadow.error() == null ? shadow.prediction() : null;
        if (mine != null && c.prediction() != null) {
          pairs.add(new double[] {mine, c.prediction()});
        }
      }
    }
    Double agreement = null;
    if (!pairs.isEmpty()) {
      long agreeing = pairs.stream().filter(p -> agree(objective, p[0], p[1], tolerance)).count();
      agreement = (double) agreeing / pairs.size();
    }
    double[] candidatePredictions = predictions(candidate);
    double[] championPredictions = predictions(champion);
    // Binary probabilities are scores (Wasserstein), multiclass ids are classes (Jensen-Shannon).
    Double distance =
        candidatePredictions.length == 0 || championPredictions.length == 0
            ? null
            : DriftStatistics.predictionDistance(
                championPredictions, candidatePredictions, multiclass(objective));
    Double distancePValue =
        distance == null
            ? null
            : DriftStatistics.predictionDistancePValue(
                championPredictions, candidatePredictions, multiclass(objective));
    return new ChampionComparison(
        rollout.championVariant(),
        championVersion(rollout, champion),
        champion.size(),
        ratio(cand.p99(), champ.p99()),
        cand.errorRate() - champ.errorRate(),
        agreement,
        distance,
        distancePValue,
        tailExceedancePValue(latencies(candidate), latencies(champion), 0.99));
  }

  /**
   * The exceedance test (Mathisen; Gastwirth), exact and distribution-free: if the candidate's n
   * latencies and the champion's m come from one distribution, how likely is it that at least as
   * many of the candidate's exceed the champion's r-th smallest, r = ⌈quantile·m⌉. With K that
   * count, P(K = j) = C(r−1+n−j, n−j)·C(m−r+j, j) / C(n+m, n): any arrangement of the pooled sample
   * is equally likely, and the champion's r-th value splits it into the r−1 champion and n−j
   * candidate values below and the m−r and j above. Ties count as not exceeding (conservative).
   */
  static double tailExceedancePValue(double[] candidate, double[] champion, double quantile) {
    int n = candidate.length;
    int m = champion.length;
    if (n == 0 || m == 0) {
      return 1.0;
    }
    double[] sorted = champion.clone();
    Arrays.sort(sorted);
    int r = Math.min(m, Math.max(1, (int) Math.ceil(quantile * m)));
    double threshold = sorted[r - 1];
    int k = 0;
    for (double latency : candidate) {
      if (latency > threshold) {
        k++;
      }
    }
    double logTotal = CombinatoricsUtils.binomialCoefficientLog(n + m, n);
    double mean = (double) n * (m - r + 1) / (m + 1);
    if (k <= mean) {
      // The upper tail holds most of the mass: sum the few terms below k instead.
      double below = 0;
      for (int j = 0; j < k; j++) {
        below += exceedanceProbability(j, n, m, r, logTotal);
      }
      return Math.min(1.0, Math.max(0.0, 1.0 - below));
    }
    // Above the mean the terms only shrink: stop once they no longer change the sum.
    double tail = 0;
    for (int j = k; j <= n; j++) {
      double term = exceedanceProbability(j, n, m, r, logTotal);
      tail += term;
      if (term < tail * 1e-17) {
        break;
      }
    }
    return Math.min(1.0, tail);
  }

  private static double exceedanceProbability(int j, int n, int m, int r, double logTotal) {
    return Math.exp(
        CombinatoricsUtils.binomialCoefficientLog(r - 1 + n - j, n - j)
            + CombinatoricsUtils.binomialCoefficientLog(m - r + j, j)
            - logTotal);
  }

  private static double[] latencies(List<CapturedInference> records) {
    return records.stream().mapToDouble(CapturedInference::latencyMs).toArray();
  }

  private static void pair(List<double[]> pairs, Double mine, ShadowResult shadow) {
    if (mine != null && shadow.error() == null && shadow.prediction() != null) {
      pairs.add(new double[] {mine, shadow.prediction()});
    }
  }

  static boolean agree(String objective, double candidate, double champion, double tolerance) {
    if (binary(objective)) {
      return (candidate >= 0.5) == (champion >= 0.5);
    }
    if (multiclass(objective)) {
      return Math.round(candidate) == Math.round(champion);
    }
    double scale = Math.max(Math.abs(champion), Math.abs(candidate));
    return scale == 0 || Math.abs(candidate - champion) <= tolerance * scale;
  }

  /** Ratio of p99 latencies; an idle (0 ms) champion compares as 1 against 0 ms, else per 1 µs. */
  private static double ratio(double candidate, double champion) {
    if (champion <= 0) {
      return candidate <= 0 ? 1.0 : candidate / 0.001;
    }
    return candidate / champion;
  }

  private static int championVersion(Rollout rollout, List<CapturedInference> champion) {
    if (rollout.championVersion() != null) {
      return rollout.championVersion();
    }
    return champion.get(0).version();
  }

  private static double[] predictions(List<CapturedInference> records) {
    return records.stream()
        .map(CapturedInference::prediction)
        .filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue)
        .toArray();
  }

  private static boolean binary(String objective) {
    return objective != null && objective.startsWith("binary");
  }

  private static boolean multiclass(String objective) {
    return objective != null && objective.startsWith("multi");
  }
}
