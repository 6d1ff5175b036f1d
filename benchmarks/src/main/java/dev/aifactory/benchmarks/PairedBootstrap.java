package dev.aifactory.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How much a percentile ratio between two targets measured interleaved (request {@code i} of one
 * right beside request {@code i} of the other) could move by chance: a 95 % interval from a paired
 * moving-block bootstrap.
 *
 * <p>Why this one: a p99 of 10,000–30,000 one-at-a-time requests on a shared 2-core VM sits in the
 * machine's tail (p50 ~0.3 ms, p99 ~3 ms), where few requests lie, so one run's p99 ratio scatters
 * by ±10 % with nothing changed. Resampling whole blocks of consecutive requests keeps the stalls
 * that hit several requests in a row together (an i.i.d. bootstrap would call the ratio surer than
 * it is), and taking the same blocks from both targets keeps the pairing that interleaving made.
 */
final class PairedBootstrap {

  /** Consecutive requests resampled together (~0.1 s of the sequential phase). */
  static final int BLOCK = 100;

  static final int RESAMPLES = 1_000;

  /** The 2.5 % and 97.5 % points of the resampled ratios. */
  record Interval(double low, double high) {

    boolean contains(double value) {
      return low <= value && value <= high;
    }
  }

  private PairedBootstrap() {}

  /**
   * The interval of {@code percentile(numerator) / percentile(denominator)}; both arrays in the
   * order the requests were sent, of the same length, paired by index. Same seed, same interval.
   */
  static Interval percentileRatio(
      long[] numerator, long[] denominator, double percentile, long seed) {
    if (numerator.length != denominator.length || numerator.length < BLOCK) {
      throw new IllegalArgumentException(
          "Needs two paired series of at least "
              + BLOCK
              + " requests, got "
              + numerator.length
              + " and "
              + denominator.length);
    }
    int n = numerator.length - numerator.length % BLOCK;
    int starts = numerator.length - BLOCK + 1;
    SplittableRandom random = new SplittableRandom(seed);
    long[] a = new long[n];
    long[] b = new long[n];
    double[] ratios = new double[RESAMPLES];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int at = 0; at < n; at += BLOCK) {
        int from = random.nextInt(starts);
        System.arraycopy(numerator, from, a, at, BLOCK);
        System.arraycopy(denominator, from, b, at, BLOCK);
      }
      ratios[r] = (double) percentile(a, percentile) / percentile(b, percentile);
    }
    Arrays.sort(ratios);
    return new Interval(ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]);
  }

  /**
   * The nearest-rank percentile, as {@link Latencies#percentileMillis} takes it; sorts in place.
   */
  private static long percentile(long[] values, double p) {
    Arrays.sort(values);
    int index = (int) Math.ceil(p / 100.0 * values.length) - 1;
    return values[Math.max(0, Math.min(values.length - 1, index))];
  }
}
