package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.monitoring.drift.DriftStatistics;
import dev.aifactory.monitoring.drift.WindowSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Everything a window's evaluation needs, gathered in one pass over its captures without keeping
 * the rows: drift sketches, latencies, statuses and sample weights as primitive arrays, the
 * predictions, missing-feature counts, and a uniform sample of at most {@code sampleSize} rows (the
 * Model Monitor statistics). The rows themselves are kept only when asked (a rollout candidate's
 * window, compared pair by pair with the champion's).
 */
final class WindowPass {

  private final WindowSketch sketch;
  private final List<String> baselineFeatures;
  private final Map<String, Long> missing = new LinkedHashMap<>();
  private final int sampleSize;
  private final Random random = new Random(42); // seeded: a re-evaluation samples the same rows
  private final List<Map<String, Object>> sample = new ArrayList<>();
  private final List<CapturedInference> kept;
  private double[] latencies = new double[1024];
  private int[] statuses = new int[1024];
  private double[] weights = new double[1024];
  private double[] predictions = new double[1024];
  private int count;
  private int predicted;
  private long errors;

  WindowPass(
      DriftStatistics statistics, DriftBaseline baseline, int sampleSize, boolean keepRecords) {
    this.sketch = baseline == null ? null : new WindowSketch(statistics, baseline);
    this.baselineFeatures =
        baseline == null || baseline.features() == null
            ? List.of()
            : baseline.features().stream().map(FeatureBaseline::name).toList();
    this.sampleSize = sampleSize;
    this.kept = keepRecords ? new ArrayList<>() : null;
  }

  void add(CapturedInference r) {
    if (count == latencies.length) {
      int grown = count * 2;
      latencies = Arrays.copyOf(latencies, grown);
      statuses = Arrays.copyOf(statuses, grown);
      weights = Arrays.copyOf(weights, grown);
    }
    latencies[count] = r.latencyMs();
    statuses[count] = r.status();
    weights[count] = weightOf(r.sampleRate());
    if (r.status() >= 400) {
      errors++;
    }
    if (r.prediction() != null) {
      if (predicted == predictions.length) {
        predictions = Arrays.copyOf(predictions, predicted * 2);
      }
      predictions[predicted++] = r.prediction();
    }
    Map<String, Object> row = r.features() == null ? Map.of() : r.features();
    if (sketch != null) {
      sketch.add(row, r.prediction());
    }
    for (String feature : baselineFeatures) {
      if (row.get(feature) == null) {
        missing.merge(feature, 1L, Long::sum);
      }
    }
    // Reservoir sampling (Algorithm R): every row ends up in the sample with equal probability.
    if (sample.size() < sampleSize) {
      sample.add(row);
    } else {
      long slot = (long) (random.nextDouble() * (count + 1));
      if (slot < sampleSize) {
        sample.set((int) slot, row);
      }
    }
    if (kept != null) {
      kept.add(r);
    }
    count++;
  }

  int count() {
    return count;
  }

  LatencySummary latency() {
    return LatencySummary.of(Arrays.copyOf(latencies, count), errors);
  }

  WindowSketch sketch() {
    return sketch;
  }

  double[] latencies() {
    return Arrays.copyOf(latencies, count);
  }

  int[] statuses() {
    return Arrays.copyOf(statuses, count);
  }

  double[] weights() {
    return Arrays.copyOf(weights, count);
  }

  List<Double> predictions() {
    return Arrays.stream(predictions, 0, predicted).boxed().toList();
  }

  /** Captures that lacked each baseline feature (only features missing somewhere). */
  Map<String, Long> missing() {
    return missing;
  }

  /** All rows when the window has at most {@code sampleSize} captures, else a uniform sample. */
  List<Map<String, Object>> sample() {
    return sample;
  }

  /** The captures, when kept; else null. */
  List<CapturedInference> records() {
    return kept;
  }

  /** CPU-seconds of the requests the captures stand for (each weighted by 1 / sample rate). */
  double cpuSeconds() {
    double total = 0;
    for (int i = 0; i < count; i++) {
      total += latencies[i] / 1000.0 * weights[i];
    }
    return total;
  }

  /** Requests the captures stand for. */
  double requests() {
    double total = 0;
    for (int i = 0; i < count; i++) {
      total += weights[i];
    }
    return total;
  }

  static double weightOf(Double sampleRate) {
    if (sampleRate == null || !(sampleRate > 0) || sampleRate > 1) {
      return 1.0;
    }
    return 1.0 / sampleRate;
  }
}
