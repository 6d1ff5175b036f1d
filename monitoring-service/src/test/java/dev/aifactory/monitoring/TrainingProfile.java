package dev.aifactory.monitoring;

import dev.aifactory.common.events.FeatureBaseline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Test data shaped like the baselines training publishes, and draws from them. */
public final class TrainingProfile {

  private TrainingProfile() {}

  /** Decile bins, fractions, mean, std and the full sample of {@code sample}. */
  public static FeatureBaseline numeric(String name, double[] sample) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    List<Double> edges = new ArrayList<>();
    for (int d = 0; d <= 10; d++) {
      edges.add(sorted[(int) Math.round(d * (sorted.length - 1) / 10.0)]);
    }
    double[] counts = new double[10];
    for (double v : sample) {
      int bin = 0;
      while (bin < 9 && v >= edges.get(bin + 1)) {
        bin++;
      }
      counts[bin]++;
    }
    List<Double> fractions = Arrays.stream(counts).map(c -> c / sample.length).boxed().toList();
    double mean = Arrays.stream(sample).average().orElse(0);
    double std =
        Math.sqrt(Arrays.stream(sample).map(v -> (v - mean) * (v - mean)).sum() / sample.length);
    return new FeatureBaseline(
        name,
        "numeric",
        sample.length,
        mean,
        std,
        edges,
        fractions,
        Arrays.stream(sample).boxed().toList(),
        null);
  }

  public static FeatureBaseline categorical(
      String name, Map<String, Double> frequencies, long count) {
    return new FeatureBaseline(
        name, "categorical", count, 0, 0, null, null, null, new LinkedHashMap<>(frequencies));
  }

  public static double[] gaussian(Random random, int n, double mean, double std) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + std * random.nextGaussian();
    }
    return values;
  }

  public static String pick(Random random, Map<String, Double> frequencies) {
    double u = random.nextDouble();
    double cumulative = 0;
    String last = null;
    for (Map.Entry<String, Double> e : new TreeMap<>(frequencies).entrySet()) {
      cumulative += e.getValue();
      last = e.getKey();
      if (u < cumulative) {
        return last;
      }
    }
    return last;
  }
}
