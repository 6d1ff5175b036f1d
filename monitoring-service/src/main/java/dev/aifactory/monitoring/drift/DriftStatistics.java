package dev.aifactory.monitoring.drift;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureDrift;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Measures the drift of observed values against a training baseline. p-values come from Apache
 * Commons Math; the distances (Wasserstein, Jensen-Shannon, PSI) are short closed formulas.
 *
 * <p>Method choice, per feature: numeric with a baseline sample of at most {@link
 * DriftSettings#smallReferenceLimit()} values → KS; numeric with a larger sample → Wasserstein
 * normalised by the reference standard deviation; numeric with bins but no sample → Jensen-Shannon
 * of the bin frequencies; categorical with a reference count up to the limit → chi-square, above →
 * Jensen-Shannon. The threshold source is always {@code fixed} (calibration comes later).
 */
public class DriftStatistics {

  /** Stands in for an empty bin or unseen category in PSI and chi-square (log and divide by 0). */
  static final double EPSILON = 1e-4;

  static final String FIXED = "fixed";
  static final String CALIBRATED = "calibrated";

  private final DriftSettings settings;

  public DriftStatistics(DriftSettings settings) {
    this.settings = settings;
  }

  /**
   * Drift of every baseline feature found in {@code rows}, and of the predictions. A feature with
   * no observed value in the window is left out (neither drifted nor counted in the share).
   */
  public DriftAnalysis analyse(
      DriftBaseline baseline,
      List<Map<String, Object>> rows,
      List<Double> predictions,
      double driftShareThreshold) {
    return analyse(baseline, null, rows, predictions, driftShareThreshold);
  }

  /**
   * As {@link #analyse(DriftBaseline, List, List, double)}, with the calibrated thresholds of
   * {@code calibration} where it has one for the feature ({@code null}: all fixed).
   */
  public DriftAnalysis analyse(
      DriftBaseline baseline,
      BaselineCalibration calibration,
      List<Map<String, Object>> rows,
      List<Double> predictions,
      double driftShareThreshold) {
    if (baseline == null) {
      return DriftAnalysis.NONE;
    }
    List<FeatureDrift> features = new ArrayList<>();
    for (FeatureBaseline reference : nullSafe(baseline.features())) {
      List<Object> observed = new ArrayList<>(rows.size());
      for (Map<String, Object> row : rows) {
        if (row != null && row.get(reference.name()) != null) {
          observed.add(row.get(reference.name()));
        }
      }
      measure(
              reference,
              observed,
              calibration == null ? null : calibration.feature(reference.name()))
          .ifPresent(features::add);
    }
    FeatureDrift prediction =
        baseline.prediction() == null
            ? null
            : measure(
                    baseline.prediction(),
                    new ArrayList<>(nonNull(predictions)),
                    calibration == null ? null : calibration.prediction())
                .orElse(null);
    long drifted = features.stream().filter(FeatureDrift::drifted).count();
    double share = features.isEmpty() ? 0.0 : (double) drifted / features.size();
    boolean datasetDrift = !features.isEmpty() && share >= driftShareThreshold;
    return new DriftAnalysis(List.copyOf(features), prediction, share, datasetDrift);
  }

  /** Drift of one feature; empty when nothing was observed or the baseline is unusable. */
  public Optional<FeatureDrift> measure(FeatureBaseline reference, List<Object> observed) {
    return measure(reference, observed, null);
  }

  /** As {@link #measure(FeatureBaseline, List)}, with a calibrated threshold when one applies. */
  public Optional<FeatureDrift> measure(
      FeatureBaseline reference, List<Object> observed, FeatureCalibration calibration) {
    if (isCategorical(reference)) {
      List<String> values = new ArrayList<>(observed.size());
      for (Object value : observed) {
        if (value != null) {
          values.add(String.valueOf(value));
        }
      }
      return values.isEmpty()
          ? Optional.empty()
          : Optional.of(categorical(reference, values, calibration));
    }
    double[] values = numbers(observed);
    if (values.length == 0) {
      return Optional.empty();
    }
    return numeric(reference, values, calibration);
  }

  /** An empty sketch of a window's values of this feature, with the reference's bins. */
  public FeatureSketch sketch(FeatureBaseline reference) {
    if (isCategorical(reference)) {
      return new FeatureSketch(reference, true, null, null);
    }
    double[] sorted = FeatureSketch.sorted(reference.sample());
    List<Double> edges = nullSafe(reference.binEdges());
    if (!(edges.size() >= 2 && nullSafe(reference.binFractions()).size() == edges.size() - 1)) {
      edges = sorted.length > 0 ? decileEdges(sorted) : null;
    }
    return new FeatureSketch(reference, false, sorted, edges);
  }

  /**
   * Drift of every baseline feature from the window's sketches: the same methods, thresholds and
   * results as {@link #analyse(DriftBaseline, BaselineCalibration, List, List, double)} (KS, Z,
   * chi-square, Jensen-Shannon and PSI exactly; Wasserstein within the interpolation inside
   * reference intervals), in memory bounded by the reference.
   */
  public DriftAnalysis analyse(
      DriftBaseline baseline,
      BaselineCalibration calibration,
      WindowSketch window,
      double driftShareThreshold) {
    if (baseline == null) {
      return DriftAnalysis.NONE;
    }
    List<FeatureDrift> features = new ArrayList<>();
    for (FeatureBaseline reference : nullSafe(baseline.features())) {
      FeatureSketch sketch = window.feature(reference.name());
      if (sketch != null) {
        measure(sketch, calibration == null ? null : calibration.feature(reference.name()))
            .ifPresent(features::add);
      }
    }
    FeatureDrift prediction =
        window.prediction() == null
            ? null
            : measure(window.prediction(), calibration == null ? null : calibration.prediction())
                .orElse(null);
    long drifted = features.stream().filter(FeatureDrift::drifted).count();
    double share = features.isEmpty() ? 0.0 : (double) drifted / features.size();
    boolean datasetDrift = !features.isEmpty() && share >= driftShareThreshold;
    return new DriftAnalysis(List.copyOf(features), prediction, share, datasetDrift);
  }

  /** Drift of one feature from its sketch; empty when nothing was observed. */
  public Optional<FeatureDrift> measure(FeatureSketch sketch, FeatureCalibration calibration) {
    if (sketch.count == 0) {
      return Optional.empty();
    }
    FeatureBaseline reference = sketch.reference;
    if (sketch.categorical) {
      Map<String, Double> frequencies =
          reference.categoryFrequencies() == null ? Map.of() : reference.categoryFrequencies();
      Set<String> categories = new LinkedHashSet<>(frequencies.keySet());
      categories.addAll(sketch.categories.keySet());
      int k = categories.size();
      double[] expected = new double[k];
      double[] actual = new double[k];
      long[] observed = new long[k];
      int i = 0;
      for (String category : categories) {
        expected[i] = frequencies.getOrDefault(category, 0.0);
        observed[i] = sketch.categories.getOrDefault(category, 0L);
        actual[i] = (double) observed[i] / sketch.count;
        i++;
      }
      expected = normalise(expected);
      DriftMethod method = methodFor(reference);
      double statistic =
          method == DriftMethod.CHI_SQUARE
              ? chiSquarePValue(expected, observed)
              : jensenShannon(expected, actual);
      return Optional.of(
          drift(
              reference.name(),
              method,
              statistic,
              psi(expected, actual),
              (int) Math.min(Integer.MAX_VALUE, sketch.count),
              calibration));
    }
    if (sketch.edges == null) {
      return Optional.empty();
    }
    List<Double> baselineEdges = nullSafe(reference.binEdges());
    double[] expected =
        sketch.edges == baselineEdges
            ? toArray(reference.binFractions())
            : binFractions(sketch.edges, sketch.sortedReference);
    double[] actual = sketch.binFractions();
    DriftMethod method = methodFor(reference);
    int n = sketch.sortedReference.length;
    double statistic =
        switch (method) {
          case KS -> ksPValue(sketch.ksStatistic(), n, sketch.count);
          case Z_TEST -> zTestPValue(sketch.sortedReference, sketch.ones, sketch.count);
          case WASSERSTEIN -> {
            double std =
                reference.std() > 0
                    ? reference.std()
                    : new StandardDeviation(false).evaluate(sketch.sortedReference);
            double distance = sketch.wasserstein();
            yield std > 0 ? distance / std : distance;
          }
          default -> jensenShannon(expected, actual);
        };
    return Optional.of(
        drift(
            reference.name(),
            method,
            statistic,
            psi(expected, actual),
            (int) Math.min(Integer.MAX_VALUE, sketch.count),
            calibration));
  }

  /** KS p-value from the statistic, as Commons Math decides: exact for small samples. */
  static double ksPValue(double d, int n, long m) {
    KolmogorovSmirnovTest test = new KolmogorovSmirnovTest(new Well19937c(42));
    if ((double) n * m < 10_000) {
      return test.exactP(d, n, (int) m, true);
    }
    return test.approximateP(d, n, (int) Math.min(Integer.MAX_VALUE, m));
  }

  static double zTestPValue(double[] reference, long ones2, long n2) {
    double ones1 = 0;
    for (double v : reference) {
      ones1 += v >= 0.5 ? 1 : 0;
    }
    double n1 = reference.length;
    double pooled = (ones1 + ones2) / (n1 + n2);
    double variance = pooled * (1 - pooled) * (1 / n1 + 1.0 / n2);
    if (variance <= 0) {
      return 1.0;
    }
    double z = (ones1 / n1 - (double) ones2 / n2) / Math.sqrt(variance);
    return 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
  }

  /** The method {@link #measure} uses for this baseline. */
  public DriftMethod methodFor(FeatureBaseline reference) {
    if (isCategorical(reference)) {
      if (settings.categoricalMethod() != null) {
        return settings.categoricalMethod();
      }
      return reference.count() <= settings.smallReferenceLimit()
          ? DriftMethod.CHI_SQUARE
          : DriftMethod.JENSEN_SHANNON;
    }
    int sample = nullSafe(reference.sample()).size();
    if (sample == 0) {
      return DriftMethod.JENSEN_SHANNON;
    }
    DriftMethod configured = settings.numericMethod();
    if (configured == DriftMethod.Z_TEST && !isBinary(reference)) {
      configured = DriftMethod.KS; // a share of ones means nothing for a non-binary feature
    }
    if (configured != null) {
      return configured;
    }
    if (sample <= settings.smallReferenceLimit()) {
      return isBinary(reference) ? DriftMethod.Z_TEST : DriftMethod.KS;
    }
    return DriftMethod.WASSERSTEIN;
  }

  /** A numeric feature whose reference sample holds only 0 and 1 (flags, one-hot columns). */
  static boolean isBinary(FeatureBaseline reference) {
    List<Double> sample = nullSafe(reference.sample());
    if (sample.isEmpty()) {
      return false;
    }
    for (Double v : sample) {
      if (v == null || (v != 0.0 && v != 1.0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Two-sided p-value of the two-proportion Z-test: do the shares of ones differ? Values ≥ 0.5 of
   * the current window count as ones (a model may receive booleans as 0.0/1.0 or as floats).
   */
  static double zTestPValue(double[] reference, double[] current) {
    double ones1 = 0;
    for (double v : reference) {
      ones1 += v >= 0.5 ? 1 : 0;
    }
    double ones2 = 0;
    for (double v : current) {
      ones2 += v >= 0.5 ? 1 : 0;
    }
    double n1 = reference.length;
    double n2 = current.length;
    double pooled = (ones1 + ones2) / (n1 + n2);
    double variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
    if (variance <= 0) {
      return 1.0; // all zeros or all ones in both: no difference to test
    }
    double z = (ones1 / n1 - ones2 / n2) / Math.sqrt(variance);
    return 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
  }

  private static final org.apache.commons.math3.distribution.NormalDistribution STANDARD_NORMAL =
      new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);

  static boolean isCategorical(FeatureBaseline reference) {
    return reference.categoryFrequencies() != null && !reference.categoryFrequencies().isEmpty()
        || "categorical".equalsIgnoreCase(reference.type())
        || "string".equalsIgnoreCase(reference.type());
  }

  private Optional<FeatureDrift> numeric(
      FeatureBaseline reference, double[] current, FeatureCalibration calibration) {
    double[] sample = toArray(nullSafe(reference.sample()));
    List<Double> edges = nullSafe(reference.binEdges());
    double[] expected;
    if (edges.size() >= 2 && nullSafe(reference.binFractions()).size() == edges.size() - 1) {
      expected = toArray(reference.binFractions());
    } else if (sample.length > 0) {
      // No bins in the baseline: derive decile bins from the sample so PSI is still reported.
      edges = decileEdges(sample);
      expected = binFractions(edges, sample);
    } else {
      return Optional.empty();
    }
    double psi = psi(expected, binFractions(edges, current));
    DriftMethod method = methodFor(reference);
    double statistic =
        switch (method) {
          case KS -> ksPValue(sample, current);
          case Z_TEST -> zTestPValue(sample, current);
          case WASSERSTEIN -> wassersteinNormed(sample, current, reference.std());
          default -> jensenShannon(expected, binFractions(edges, current));
        };
    return Optional.of(
        drift(reference.name(), method, statistic, psi, current.length, calibration));
  }

  private FeatureDrift categorical(
      FeatureBaseline reference, List<String> current, FeatureCalibration calibration) {
    Map<String, Double> frequencies =
        reference.categoryFrequencies() == null ? Map.of() : reference.categoryFrequencies();
    Set<String> categories = new LinkedHashSet<>(frequencies.keySet());
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String value : current) {
      categories.add(value);
      counts.merge(value, 1L, Long::sum);
    }
    int k = categories.size();
    double[] expected = new double[k];
    double[] actual = new double[k];
    long[] observed = new long[k];
    int i = 0;
    for (String category : categories) {
      expected[i] = frequencies.getOrDefault(category, 0.0);
      observed[i] = counts.getOrDefault(category, 0L);
      actual[i] = (double) observed[i] / current.size();
      i++;
    }
    expected = normalise(expected);
    double psi = psi(expected, actual);
    DriftMethod method = methodFor(reference);
    double statistic =
        method == DriftMethod.CHI_SQUARE
            ? chiSquarePValue(expected, observed)
            : jensenShannon(expected, actual);
    return drift(reference.name(), method, statistic, psi, current.size(), calibration);
  }

  private FeatureDrift drift(
      String name,
      DriftMethod method,
      double statistic,
      double psi,
      int windowSize,
      FeatureCalibration calibration) {
    boolean calibrated =
        calibration != null && !method.isTest() && method.label().equals(calibration.method());
    double threshold =
        calibrated ? calibration.thresholdFor(windowSize) : settings.thresholdFor(method);
    double value = Double.isFinite(statistic) ? statistic : (method.isTest() ? 1.0 : 0.0);
    return new FeatureDrift(
        name,
        method.label(),
        value,
        threshold,
        calibrated ? CALIBRATED : FIXED,
        Double.isFinite(psi) ? psi : 0.0,
        method.drifted(value, threshold));
  }

  /**
   * The reference as frequencies: the category frequencies (in the reference's order) or the bin
   * fractions; empty when it has neither.
   */
  static double[] referenceFrequencies(FeatureBaseline reference) {
    if (reference.categoryFrequencies() != null && !reference.categoryFrequencies().isEmpty()) {
      return normalise(
          reference.categoryFrequencies().values().stream()
              .mapToDouble(v -> v == null ? 0.0 : v)
              .toArray());
    }
    List<Double> fractions = nullSafe(reference.binFractions());
    return fractions.isEmpty() ? new double[0] : normalise(toArray(fractions));
  }

  static double ksPValue(double[] reference, double[] current) {
    // Seeded: for tiny references Commons Math estimates the p-value by Monte Carlo, and the same
    // window must give the same verdict when evaluated again (tests, replays).
    return new KolmogorovSmirnovTest(new Well19937c(42)).kolmogorovSmirnovTest(reference, current);
  }

  static double chiSquarePValue(double[] expectedFractions, long[] observed) {
    if (observed.length < 2) {
      return 1.0; // one category only: nothing can have shifted
    }
    double[] expected = new double[expectedFractions.length];
    for (int i = 0; i < expected.length; i++) {
      // A category the baseline never saw gets a tiny expectation, so its appearance is drift.
      expected[i] = Math.max(expectedFractions[i], EPSILON);
    }
    return new ChiSquareTest().chiSquareTest(expected, observed);
  }

  /** Population stability index, with {@link #EPSILON} in place of empty bins. */
  static double psi(double[] expected, double[] actual) {
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], EPSILON);
      double a = Math.max(actual[i], EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** Fractions of {@code values} per bin; the outer bins are open-ended. */
  static double[] binFractions(List<Double> edges, double[] values) {
    int bins = edges.size() - 1;
    double[] fractions = new double[bins];
    if (values.length == 0) {
      return fractions;
    }
    for (double value : values) {
      fractions[binOf(edges, value)]++;
    }
    for (int i = 0; i < bins; i++) {
      fractions[i] /= values.length;
    }
    return fractions;
  }

  static int binOf(List<Double> edges, double value) {
    int bins = edges.size() - 1;
    int lo = 0;
    int hi = bins - 1;
    // Largest bin i whose lower edge is <= value; values below edge 1 fall in bin 0 and values at
    // or above the last inner edge in the last bin, whatever the outer edges say.
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (value >= edges.get(mid)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * How far two prediction samples are apart: Jensen-Shannon distance of the class frequencies when
   * {@code classes}, else the Wasserstein distance of the scores over the reference's std.
   */
  public static double predictionDistance(double[] reference, double[] current, boolean classes) {
    if (reference.length == 0 || current.length == 0) {
      return 0;
    }
    if (!classes) {
      return wassersteinNormed(reference, current, 0);
    }
    java.util.TreeMap<Long, double[]> counts = new java.util.TreeMap<>();
    for (double v : reference) {
      counts.computeIfAbsent(Math.round(v), k -> new double[2])[0]++;
    }
    for (double v : current) {
      counts.computeIfAbsent(Math.round(v), k -> new double[2])[1]++;
    }
    double[] p = counts.values().stream().mapToDouble(c -> c[0]).toArray();
    double[] q = counts.values().stream().mapToDouble(c -> c[1]).toArray();
    return jensenShannon(p, q);
  }

  /**
   * How likely a {@link #predictionDistance} at least as large as the one measured is between two
   * samples of one distribution with these sizes: the two-sample Kolmogorov-Smirnov p-value for
   * scores, the chi-square homogeneity p-value for classes (1 when there is nothing to compare).
   * The distance alone cannot tell a moved distribution from a small window: two samples of 43
   * predictions of the same model measured 0.50.
   */
  public static double predictionDistancePValue(
      double[] reference, double[] current, boolean classes) {
    if (reference.length == 0 || current.length == 0) {
      return 1.0;
    }
    if (!classes) {
      return ksPValue(reference, current);
    }
    java.util.TreeMap<Long, long[]> counts = new java.util.TreeMap<>();
    for (double v : reference) {
      counts.computeIfAbsent(Math.round(v), k -> new long[2])[0]++;
    }
    for (double v : current) {
      counts.computeIfAbsent(Math.round(v), k -> new long[2])[1]++;
    }
    if (counts.size() < 2) {
      return 1.0; // one class on both sides: nothing can have moved
    }
    long[] p = counts.values().stream().mapToLong(c -> c[0]).toArray();
    long[] q = counts.values().stream().mapToLong(c -> c[1]).toArray();
    return new ChiSquareTest().chiSquareTestDataSetsComparison(p, q);
  }

  /** First Wasserstein distance of the two empirical distributions over the reference std. */
  static double wassersteinNormed(double[] reference, double[] current, double referenceStd) {
    double std = referenceStd > 0 ? referenceStd : new StandardDeviation(false).evaluate(reference);
    double distance = wasserstein(reference, current);
    // A constant reference has no scale: report the raw distance (any change then shows as drift).
    return std > 0 ? distance / std : distance;
  }

  static double wasserstein(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    return wassersteinSorted(x, y);
  }

  /**
   * W1 of two ascending arrays: the area between the two empirical CDFs, walked in one merge pass
   * (calibration compares many chunks with one sorted reference).
   */
  static double wassersteinSorted(double[] x, double[] y) {
    double distance = 0;
    int i = 0;
    int j = 0;
    double previous = Math.min(x[0], y[0]);
    while (i < x.length || j < y.length) {
      double next;
      if (j >= y.length || (i < x.length && x[i] <= y[j])) {
        next = x[i];
      } else {
        next = y[j];
      }
      distance += Math.abs((double) i / x.length - (double) j / y.length) * (next - previous);
      while (i < x.length && x[i] == next) {
        i++;
      }
      while (j < y.length && y[j] == next) {
        j++;
      }
      previous = next;
    }
    return distance;
  }

  /** Jensen-Shannon distance (natural log, so at most sqrt(ln 2) ≈ 0.83) of two frequency sets. */
  static double jensenShannon(double[] p, double[] q) {
    double[] a = normalise(p);
    double[] b = normalise(q);
    double divergence = 0;
    for (int i = 0; i < a.length; i++) {
      double m = (a[i] + b[i]) / 2;
      if (a[i] > 0) {
        divergence += 0.5 * a[i] * Math.log(a[i] / m);
      }
      if (b[i] > 0) {
        divergence += 0.5 * b[i] * Math.log(b[i] / m);
      }
    }
    return Math.sqrt(Math.max(0, divergence));
  }

  private static double[] normalise(double[] values) {
    double sum = Arrays.stream(values).sum();
    if (sum <= 0) {
      return values.clone();
    }
    return Arrays.stream(values).map(v -> v / sum).toArray();
  }

  private static List<Double> decileEdges(double[] sample) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    List<Double> edges = new ArrayList<>();
    edges.add(sorted[0]);
    for (int d = 1; d < 10; d++) {
      double edge = sorted[(int) Math.floor(d * (sorted.length - 1) / 10.0)];
      if (edge > edges.get(edges.size() - 1)) {
        edges.add(edge);
      }
    }
    double last = sorted[sorted.length - 1];
    edges.add(last > edges.get(edges.size() - 1) ? last : edges.get(edges.size() - 1) + 1);
    return edges;
  }

  private static double[] numbers(List<Object> values) {
    double[] out = new double[values.size()];
    int n = 0;
    for (Object value : values) {
      if (value instanceof Number number) {
        out[n++] = number.doubleValue();
      } else if (value instanceof String text) {
        try {
          out[n++] = Double.parseDouble(text.trim());
        } catch (NumberFormatException notANumber) {
          // a non-numeric value of a numeric feature is treated like a missing one
        }
      }
    }
    double[] finite = Arrays.stream(Arrays.copyOf(out, n)).filter(Double::isFinite).toArray();
    return finite;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
  }

  private static <T> List<T> nullSafe(List<T> values) {
    return values == null ? List.of() : values;
  }

  private static List<Double> nonNull(List<Double> values) {
    return nullSafe(values).stream().filter(v -> v != null).toList();
  }
}
