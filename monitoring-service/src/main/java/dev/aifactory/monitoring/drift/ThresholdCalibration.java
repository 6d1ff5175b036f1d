package dev.aifactory.monitoring.drift;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Calibrates the distance thresholds of a baseline from the reference itself: the reference is
 * split into chunks, the distance between each chunk and the whole reference measured, and the
 * threshold is mean + 3σ of those distances (see {@link FeatureCalibration} for the scaling to the
 * window size).
 *
 * <p>A numeric feature with a sample is split after a seeded shuffle (the sample's order may follow
 * the training data's). A reference known only by frequencies (categories, or bins without sample)
 * cannot be split; its chunks are drawn from the frequencies instead, seeded, with the size a chunk
 * of the real reference would have (capped, for cost).
 */
public class ThresholdCalibration {

  /** Chunks smaller than this measure noise, not the distribution. */
  static final int MIN_CHUNK = 20;

  static final int MAX_DRAWN_CHUNK = 10_000;
  static final int MIN_CHUNKS = 3;
  static final int MIN_STATISTICS = 100;
  private static final long SEED = 42;

  private final DriftStatistics statistics;
  private final int chunks;

  public ThresholdCalibration(DriftStatistics statistics, int chunks) {
    if (chunks < MIN_CHUNKS) {
      throw new IllegalArgumentException(
          "calibration needs at least " + MIN_CHUNKS + " chunks, was " + chunks);
    }
    this.statistics = statistics;
    this.chunks = chunks;
  }

  /** Calibration of every distance-measured feature and of the prediction. */
  public BaselineCalibration calibrate(DriftBaseline baseline) {
    if (baseline == null) {
      return BaselineCalibration.NONE;
    }
    Map<String, FeatureCalibration> features = new LinkedHashMap<>();
    for (FeatureBaseline reference :
        baseline.features() == null ? List.<FeatureBaseline>of() : baseline.features()) {
      calibrate(reference).ifPresent(c -> features.put(c.name(), c));
    }
    FeatureCalibration prediction =
        baseline.prediction() == null ? null : calibrate(baseline.prediction()).orElse(null);
    return new BaselineCalibration(Map.copyOf(features), prediction);
  }

  /** Empty for p-value tests and for references too small to split. */
  public Optional<FeatureCalibration> calibrate(FeatureBaseline reference) {
    DriftMethod method = statistics.methodFor(reference);
    if (method.isTest()) {
      return Optional.empty();
    }
    if (method == DriftMethod.WASSERSTEIN) {
      return wasserstein(reference);
    }
    double[] frequencies = DriftStatistics.referenceFrequencies(reference);
    if (frequencies.length < 2) {
      return Optional.empty();
    }
    return drawnJensenShannon(reference, frequencies);
  }

  private Optional<FeatureCalibration> wasserstein(FeatureBaseline reference) {
    double[] sample =
        reference.sample().stream()
            .filter(v -> v != null)
            .mapToDouble(Double::doubleValue)
            .toArray();
    int n = Math.min(chunks, sample.length / MIN_CHUNK);
    if (n < MIN_CHUNKS) {
      return Optional.empty();
    }
    Random random = new Random(SEED);
    int size = sample.length / n;
    int splits = (MIN_STATISTICS + n - 1) / n;
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    double std =
        reference.std() > 0 ? reference.std() : new StandardDeviation(false).evaluate(sample);
    double[] distances = new double[splits * n];
    for (int split = 0; split < splits; split++) {
      double[] shuffled = shuffle(sample, random);
      for (int i = 0; i < n; i++) {
        double[] chunk = Arrays.copyOfRange(shuffled, i * size, (i + 1) * size);
        Arrays.sort(chunk);
        double distance = DriftStatistics.wassersteinSorted(sorted, chunk);
        distances[split * n + i] = std > 0 ? distance / std : distance;
      }
    }
    double variance = 1.0 / size - 1.0 / sample.length;
    return Optional.of(
        result(reference, DriftMethod.WASSERSTEIN, size, distances, sample.length, variance));
  }

  private Optional<FeatureCalibration> drawnJensenShannon(
      FeatureBaseline reference, double[] frequencies) {
    long count = reference.count();
    int size = (int) Math.max(MIN_CHUNK, Math.min(MAX_DRAWN_CHUNK, count / chunks));
    double[] cumulative = new double[frequencies.length];
    double sum = 0;
    for (int i = 0; i < frequencies.length; i++) {
      sum += frequencies[i];
      cumulative[i] = sum;
    }
    Random random = new Random(SEED);
    double[] distances = new double[Math.max(chunks, MIN_STATISTICS)];
    for (int c = 0; c < distances.length; c++) {
      double[] drawn = new double[frequencies.length];
      for (int i = 0; i < size; i++) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
        drawn[Math.min(at >= 0 ? at : -at - 1, frequencies.length - 1)]++;
      }
      distances[c] = DriftStatistics.jensenShannon(frequencies, drawn);
    }
    return Optional.of(
        result(reference, DriftMethod.JENSEN_SHANNON, size, distances, count, 1.0 / size));
  }

  private FeatureCalibration result(
      FeatureBaseline reference,
      DriftMethod method,
      int size,
      double[] distances,
      long referenceSize,
      double chunkVariance) {
    double mean = Arrays.stream(distances).average().orElse(0);
    double std = new StandardDeviation(true).evaluate(distances);
    return new FeatureCalibration(
        reference.name(),
        method.label(),
        distances.length,
        size,
        mean,
        Double.isFinite(std) ? std : 0.0,
        referenceSize,
        chunkVariance);
  }

  private static double[] shuffle(double[] values, Random random) {
    double[] out = values.clone();
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}
