package dev.aifactory.monitoring.drift;

import dev.aifactory.common.events.FeatureBaseline;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one feature in a window, summarised as they stream in with memory bounded by the
 * reference, not by the window: counts per interval between the sorted reference sample's values
 * (the KS statistic from these is exact, the Wasserstein distance exact in the tails and linearly
 * interpolated inside intervals), counts per precomputed PSI/Jensen-Shannon bin, the share of ones
 * for binary features, and per-category counts (at most {@link #MAX_CATEGORIES} distinct).
 */
public final class FeatureSketch {

  /** Distinct categories kept per window; further unseen ones are counted together. */
  public static final int MAX_CATEGORIES = 10_000;

  static final String OTHER = "__other__";

  final FeatureBaseline reference;
  final boolean categorical;
  // numeric
  final double[] sortedReference;
  final long[] below; // below[k]: values v with exactly k reference values <= v, v not equal to one
  final long[] equal; // equal[k]: values equal to the k-th smallest reference value (k >= 1)
  final List<Double> edges;
  final long[] binCounts;
  double tailBelow; // sum of (min reference - v) over values below the reference
  double tailAbove; // sum of (v - max reference) over values above the reference
  long ones;
  long count;
  // categorical
  final Map<String, Long> categories;

  FeatureSketch(
      FeatureBaseline reference, boolean categorical, double[] sorted, List<Double> edges) {
    this.reference = reference;
    this.categorical = categorical;
    this.sortedReference = sorted;
    this.below = categorical || sorted == null ? null : new long[sorted.length + 1];
    this.equal = categorical || sorted == null ? null : new long[sorted.length + 1];
    this.edges = edges;
    this.binCounts = categorical || edges == null ? null : new long[edges.size() - 1];
    this.categories = categorical ? new LinkedHashMap<>() : null;
  }

  /** An empty sketch over the same reference (sharing its sorted sample and bins, not sorting). */
  FeatureSketch emptyCopy() {
    return new FeatureSketch(reference, categorical, sortedReference, edges);
  }

  /** Adds one observed value; null and (for numeric features) non-numeric values are skipped. */
  public void add(Object value) {
    if (value == null) {
      return;
    }
    if (categorical) {
      String category = String.valueOf(value);
      if (categories.size() >= MAX_CATEGORIES && !categories.containsKey(category)) {
        category = OTHER;
      }
      categories.merge(category, 1L, Long::sum);
      count++;
      return;
    }
    double v;
    if (value instanceof Number number) {
      v = number.doubleValue();
    } else if (value instanceof String text) {
      try {
        v = Double.parseDouble(text.trim());
      } catch (NumberFormatException notANumber) {
        return; // as the exact method: a non-numeric value of a numeric feature is missing
      }
    } else {
      return;
    }
    if (!Double.isFinite(v)) {
      return;
    }
    count++;
    if (v >= 0.5) {
      ones++;
    }
    if (binCounts != null) {
      binCounts[DriftStatistics.binOf(edges, v)]++;
    }
    if (sortedReference != null && sortedReference.length > 0) {
      int k = upperBound(sortedReference, v);
      if (k > 0 && sortedReference[k - 1] == v) {
        equal[k]++;
      } else {
        below[k]++;
      }
      if (v < sortedReference[0]) {
        tailBelow += sortedReference[0] - v;
      } else if (v > sortedReference[sortedReference.length - 1]) {
        tailAbove += v - sortedReference[sortedReference.length - 1];
      }
    }
  }

  /** Values added (numeric: finite numbers only). */
  public long count() {
    return count;
  }

  /** Number of reference values <= v. */
  private static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Two-sample KS statistic D, exact: the sup is taken at the reference's and window's jumps. */
  double ksStatistic() {
    double[] r = sortedReference;
    int n = r.length;
    double d = 0;
    long cumulative = 0; // window values < current reference value
    int k = 0;
    while (k <= n) {
      // Window values below r[k] (k < n) not equal to a reference value sit in below[k].
      cumulative += below[k];
      // Just before r[k]: F_ref = k / n (ties collapse below), F_cur = cumulative / count.
      double fRef = (double) k / n;
      d = Math.max(d, Math.abs(fRef - (double) cumulative / count));
      if (k == n) {
        break;
      }
      // At r[k] and its ties: all reference values equal to r[k] jump together.
      int j = k;
      while (j < n && r[j] == r[k]) {
        j++;
      }
      for (int t = k + 1; t <= j; t++) {
        cumulative += equal[t];
        if (t < j) {
          cumulative += below[t]; // empty for ties: nothing lies strictly between equal values
        }
      }
      d = Math.max(d, Math.abs((double) j / n - (double) cumulative / count));
      k = j;
    }
    return d;
  }

  /** First Wasserstein distance to the reference sample (linear inside reference intervals). */
  double wasserstein() {
    double[] r = sortedReference;
    int n = r.length;
    double distance = (tailBelow + tailAbove) / count;
    long cumulative = below[0];
    for (int k = 1; k < n; k++) {
      // On [r[k-1], r[k]): F_ref = k / n; the window's values there (equal to r[k-1] first,
      // then the rest assumed evenly spread) raise F_cur from lo to hi.
      cumulative += equal[k];
      double lo = (double) cumulative / count;
      double hi = (double) (cumulative + below[k]) / count;
      distance += integralOfAbs((double) k / n, lo, hi, r[k] - r[k - 1]);
      cumulative += below[k];
    }
    return distance;
  }

  /** ∫ over [0, width] of |f - (lo + (hi - lo) x / width)| dx. */
  private static double integralOfAbs(double f, double lo, double hi, double width) {
    if (width <= 0) {
      return 0;
    }
    double a = f - lo;
    double b = f - hi;
    if (a * b >= 0) {
      return Math.abs(a + b) / 2 * width;
    }
    // The line crosses f: two triangles.
    double crossing = a / (a - b);
    return (Math.abs(a) * crossing + Math.abs(b) * (1 - crossing)) / 2 * width;
  }

  double[] binFractions() {
    double[] fractions = new double[binCounts.length];
    if (count == 0) {
      return fractions;
    }
    for (int i = 0; i < fractions.length; i++) {
      fractions[i] = (double) binCounts[i] / count;
    }
    return fractions;
  }

  /**
   * Writes the counts (not the reference, which the reader rebuilds from the baseline): sparse
   * varint-coded arrays, so a window's state stays small and is rewritten cheaply per batch.
   */
  void writeTo(DataOutput out) throws IOException {
    out.writeBoolean(categorical);
    Varints.write(out, count);
    if (categorical) {
      Varints.write(out, categories.size());
      for (Map.Entry<String, Long> category : categories.entrySet()) {
        out.writeUTF(category.getKey());
        Varints.write(out, category.getValue());
      }
      return;
    }
    Varints.write(out, ones);
    out.writeDouble(tailBelow);
    out.writeDouble(tailAbove);
    Varints.writeCounts(out, below);
    Varints.writeCounts(out, equal);
    Varints.writeCounts(out, binCounts);
  }

  /**
   * Adds counts written by {@link #writeTo} for a sketch of the same reference; a shape that does
   * not match (another baseline) is an {@link IOException}.
   */
  void readFrom(DataInput in) throws IOException {
    if (in.readBoolean() != categorical) {
      throw new IOException("sketch of " + reference.name() + " does not match its baseline");
    }
    count += Varints.read(in);
    if (categorical) {
      long distinct = Varints.read(in);
      for (long i = 0; i < distinct; i++) {
        String category = in.readUTF();
        categories.merge(category, Varints.read(in), Long::sum);
      }
      return;
    }
    ones += Varints.read(in);
    tailBelow += in.readDouble();
    tailAbove += in.readDouble();
    Varints.readCounts(in, below);
    Varints.readCounts(in, equal);
    Varints.readCounts(in, binCounts);
  }

  static double[] sorted(List<Double> sample) {
    double[] values =
        sample == null
            ? new double[0]
            : sample.stream()
                .filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue)
                .toArray();
    Arrays.sort(values);
    return values;
  }
}
