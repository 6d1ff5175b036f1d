package dev.aifactory.ingestion.dataset.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * KLL quantile sketch of doubles (Karnin, Lang, Liberty 2016): a stack of compactors whose
 * capacities shrink geometrically (factor 2/3) from the top level down; a full compactor sorts its
 * items and promotes every other one, from a random offset, to the level above with twice the
 * weight. Memory is O(k log(n/k)) doubles; the rank error is about 1.7/k·… ≈ 1% at k = 256 with
 * high probability. While fewer than k items arrived nothing is compacted and every answer is
 * exact. The random offsets come from a fixed seed, so the same values always give the same sketch
 * (a content-addressed version always gets the same profile).
 */
final class KllSketch {

  private static final double SHRINK = 2.0 / 3.0;
  // As in DataSketches: low levels keep at least 8 items, so they are not compacted (sorted) every
  // other update.
  private static final int MIN_CAPACITY = 8;

  private final int k;
  private final SplittableRandom random;
  private final List<double[]> levels = new ArrayList<>();
  private int[] sizes = new int[0];
  private int[] capacities = new int[0];
  private long n;
  private int size;
  private int maxSize;

  KllSketch(int k, long seed) {
    this.k = k;
    this.random = new SplittableRandom(seed);
    grow();
  }

  long n() {
    return n;
  }

  void update(double x) {
    n++;
    append(0, x);
    size++;
    if (size >= maxSize) {
      compress();
    }
  }

  private int capacity(int level) {
    return capacities[level];
  }

  private void grow() {
    levels.add(new double[8]);
    sizes = Arrays.copyOf(sizes, levels.size());
    capacities = new int[levels.size()];
    maxSize = 0;
    for (int h = 0; h < levels.size(); h++) {
      int height = levels.size() - h - 1;
      capacities[h] = Math.max(MIN_CAPACITY, (int) Math.ceil(Math.pow(SHRINK, height) * k) + 1);
      maxSize += capacities[h];
    }
  }

  private void append(int level, double x) {
    double[] items = levels.get(level);
    int used = sizes[level];
    if (used == items.length) {
      items = Arrays.copyOf(items, items.length * 2);
      levels.set(level, items);
    }
    items[used] = x;
    sizes[level] = used + 1;
  }

  private void compress() {
    for (int h = 0; h < levels.size(); h++) {
      int used = sizes[h];
      if (used >= capacity(h)) {
        if (h + 1 >= levels.size()) {
          grow();
        }
        double[] items = levels.get(h);
        Arrays.sort(items, 0, used);
        int offset = random.nextBoolean() ? 1 : 0;
        // An odd item out stays at this level, so the total weight stays exactly n.
        int pairs = used / 2;
        for (int i = 0; i < pairs; i++) {
          append(h + 1, items[2 * i + offset]);
        }
        if (used % 2 == 1) {
          items[0] = items[used - 1];
          sizes[h] = 1;
        } else {
          sizes[h] = 0;
        }
        size = 0;
        for (int s : sizes) {
          size += s;
        }
        if (size < maxSize) {
          return;
        }
      }
    }
  }

  /** The retained items in ascending order with their weights (which sum to {@link #n()}). */
  Weighted sorted() {
    int total = 0;
    for (int s : sizes) {
      total += s;
    }
    double[] values = new double[total];
    long[] weights = new long[total];
    int i = 0;
    for (int h = 0; h < levels.size(); h++) {
      double[] items = levels.get(h);
      for (int j = 0; j < sizes[h]; j++) {
        values[i] = items[j];
        weights[i] = 1L << h;
        i++;
      }
    }
    Integer[] order = new Integer[total];
    for (int j = 0; j < total; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] v = new double[total];
    long[] w = new long[total];
    for (int j = 0; j < total; j++) {
      v[j] = values[order[j]];
      w[j] = weights[order[j]];
    }
    return new Weighted(v, w);
  }

  /** Items in ascending order and their weights. */
  record Weighted(double[] values, long[] weights) {

    /** The smallest retained value with at least a share {@code rank} of the weight at or below. */
    double quantile(double rank) {
      long total = 0;
      for (long w : weights) {
        total += w;
      }
      double target = rank * total;
      long cumulative = 0;
      for (int i = 0; i < values.length; i++) {
        cumulative += weights[i];
        if (cumulative >= target) {
          return values[i];
        }
      }
      return values[values.length - 1];
    }
  }
}
