package dev.aifactory.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How much a percentile ratio between two targets measured side by side could move by chance: a 95
 * % interval from a paired block bootstrap. The blocks are what the benchmark interleaved: request
 * {@code i} of each target in the sequential phase (taken in blocks of {@link #BLOCK} consecutive
 * requests), slice {@code i} of each target in the interleaved open loop.
 *
 * <p>Why this one: a p99 on a shared 2-core VM sits in the machine's tail, where few requests lie,
 * so one run's p99 ratio scatters with nothing changed (sequential: ±13 % even at 30,000 requests).
 * Resampling whole blocks keeps the stalls that hit many requests in a row together (an i.i.d.
 * bootstrap would call the ratio surer than it is), and taking the same blocks from both targets
 * keeps the pairing that interleaving made, so that a stall both targets shared cancels out.
 */
final class PairedBootstrap {

  /** Consecutive sequential requests resampled together (~0.1 s of the sequential phase). */
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
   * The interval of {@code percentile(numerator) / percentile(denominator)} for two series in the
   * order the requests were sent, of the same length, paired by index and resampled in blocks of
   * {@link #BLOCK} (a tail shorter than a block is left out). Same seed, same interval.
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
    return intervalOfSorted(sortedBlocks(numerator), sortedBlocks(denominator), percentile, seed);
  }

  /**
   * The interval of the pooled percentile's ratio when block {@code i} of one target is paired with
   * block {@code i} of the other (each list one target's blocks, all blocks of one length).
   */
  static Interval percentileRatio(
      List<long[]> numerator, List<long[]> denominator, double percentile, long seed) {
    if (numerator.size() != denominator.size() || numerator.isEmpty()) {
      throw new IllegalArgumentException(
          "Needs as many blocks of each target, got "
              + numerator.size()
              + " and "
              + denominator.size());
    }
    return intervalOfSorted(sortedCopies(numerator), sortedCopies(denominator), percentile, seed);
  }

  private static Interval intervalOfSorted(
      List<long[]> a, List<long[]> b, double percentile, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] picks = new int[a.size()];
    double[] ratios = new double[RESAMPLES];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < picks.length; i++) {
        picks[i] = random.nextInt(picks.length);
      }
      ratios[r] =
          (double) pooledPercentile(a, picks, percentile) / pooledPercentile(b, picks, percentile);
    }
    Arrays.sort(ratios);
    return new Interval(ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]);
  }

  /**
   * The nearest-rank percentile (as {@link Latencies#percentileMillis} takes it) of the picked
   * blocks pooled, each block sorted ascending. Why not pool and sort everything: only the top
   * {@code n − rank} values of the pool decide it, and each of those is among its own block's top
   * {@code n − rank}, so only those are merged (for a p99 of 30 slices of 5,000 requests, ~45,000
   * values instead of 150,000).
   */
  static long pooledPercentile(List<long[]> sortedBlocks, int[] picks, double p) {
    long n = 0;
    for (int pick : picks) {
      n += sortedBlocks.get(pick).length;
    }
    int rank = Latencies.nearestRank(p, n);
    int fromTop = (int) (n - rank); // the percentile is the fromTop-th largest value
    int kept = 0;
    for (int pick : picks) {
      kept += Math.min(fromTop, sortedBlocks.get(pick).length);
    }
    long[] top = new long[kept];
    int at = 0;
    for (int pick : picks) {
      long[] block = sortedBlocks.get(pick);
      int take = Math.min(fromTop, block.length);
      System.arraycopy(block, block.length - take, top, at, take);
      at += take;
    }
    Arrays.sort(top);
    return top[top.length - fromTop];
  }

  /** The series cut into blocks of {@link #BLOCK}, each a sorted copy. */
  private static List<long[]> sortedBlocks(long[] series) {
    List<long[]> blocks = new ArrayList<>();
    for (int from = 0; from + BLOCK <= series.length; from += BLOCK) {
      long[] block = Arrays.copyOfRange(series, from, from + BLOCK);
      Arrays.sort(block);
      blocks.add(block);
    }
    return blocks;
  }

  private static List<long[]> sortedCopies(List<long[]> blocks) {
    List<long[]> sorted = new ArrayList<>(blocks.size());
    for (long[] block : blocks) {
      long[] copy = block.clone();
      Arrays.sort(copy);
      sorted.add(copy);
    }
    return sorted;
  }
}
