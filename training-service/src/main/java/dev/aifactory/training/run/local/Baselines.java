package dev.aifactory.training.run.local;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/** Training-time reference statistics against which monitoring measures drift. */
final class Baselines {

  static final int BINS = 10;
  static final int MAX_SAMPLE = 1000;

  private Baselines() {}

  static FeatureBaseline of(FeatureSpec feature, float[] values, int sampleSize, long seed) {
    if (ColumnSchema.CATEGORICAL.equals(feature.type())) {
      return categorical(feature, values);
    }
    return numeric(feature.name(), values, sampleSize, seed);
  }

  static FeatureBaseline categorical(FeatureSpec feature, float[] values) {
    long[] counts = new long[feature.categories().size()];
    long total = 0;
    for (float v : values) {
      if (!Float.isNaN(v)) {
        counts[(int) v]++;
        total++;
      }
    }
    Map<String, Double> frequencies = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      frequencies.put(feature.categories().get(i), total == 0 ? 0.0 : (double) counts[i] / total);
    }
    return new FeatureBaseline(
        feature.name(),
        ColumnSchema.CATEGORICAL,
        total,
        0.0,
        0.0,
        List.of(),
        List.of(),
        List.of(),
        frequencies);
  }

  /**
   * Count, mean, std, decile bin edges (11 before removing duplicates), the share of values in each
   * bin and a seeded uniform sample of at most {@code sampleSize} values.
   */
  static FeatureBaseline numeric(String name, float[] values, int sampleSize, long seed) {
    double[] present =
        IntStream.range(0, values.length)
            .filter(i -> !Float.isNaN(values[i]))
            .mapToDouble(i -> values[i])
            .toArray();
    int n = present.length;
    if (n == 0) {
      return new FeatureBaseline(
          name, ColumnSchema.NUMERIC, 0, 0.0, 0.0, List.of(), List.of(), List.of(), Map.of());
    }
    double mean = Arrays.stream(present).average().orElse(0);
    double variance = Arrays.stream(present).map(v -> (v - mean) * (v - mean)).sum() / n;
    double[] sorted = present.clone();
    Arrays.sort(sorted);

    List<Double> edges = new ArrayList<>();
    for (int q = 0; q <= BINS; q++) {
      double edge = quantile(sorted, (double) q / BINS);
      if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
        edges.add(edge);
      }
    }
    if (edges.size() == 1) {
      // A constant feature still gets one bin holding everything.
      edges.add(edges.get(0));
    }
    int bins = edges.size() - 1;
    long[] counts = new long[bins];
    for (double v : present) {
      counts[bin(edges, v)]++;
    }
    List<Double> fractions = new ArrayList<>(bins);
    for (long c : counts) {
      fractions.add((double) c / n);
    }
    return new FeatureBaseline(
        name,
        ColumnSchema.NUMERIC,
        n,
        mean,
        Math.sqrt(variance),
        List.copyOf(edges),
        List.copyOf(fractions),
        sample(present, sampleSize, seed),
        Map.of());
  }

  /** Index of the bin holding v: {@code edges[i] <= v < edges[i+1]}, outer bins open-ended. */
  static int bin(List<Double> edges, double v) {
    int bins = edges.size() - 1;
    for (int i = 1; i < bins; i++) {
      if (v < edges.get(i)) {
        return i - 1;
      }
    }
    return bins - 1;
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  private static List<Double> sample(double[] values, int size, long seed) {
    List<Integer> indices = new ArrayList<>(IntStream.range(0, values.length).boxed().toList());
    if (values.length > size) {
      Collections.shuffle(indices, new Random(seed));
      indices = new ArrayList<>(indices.subList(0, size));
      Collections.sort(indices);
    }
    return indices.stream().map(i -> values[i]).toList();
  }
}
