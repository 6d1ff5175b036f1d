package dev.aifactory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

  /** Heavy-tailed like the sequential phase: mostly ~0.3 ms, 2 % between 1 and 5 ms. */
  private static long[] latencies(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      nanos[i] =
          random.nextDouble() < 0.02
              ? random.nextLong(1_000_000, 5_000_000)
              : random.nextLong(250_000, 400_000);
    }
    return nanos;
  }

  @Test
  void givesAnIntervalAroundOneForTwoDrawsOfTheSameDistribution() {
    PairedBootstrap.Interval interval =
        PairedBootstrap.percentileRatio(latencies(1, 10_000), latencies(2, 10_000), 99, 7);

    assertThat(interval.contains(1.0)).isTrue();
    assertThat(interval.low()).isLessThan(interval.high());
  }

  @Test
  void givesExactlyTheFactorWhenOneSeriesIsAScaledCopyOfTheOther() {
    long[] base = latencies(3, 10_000);
    long[] doubled = base.clone();
    for (int i = 0; i < doubled.length; i++) {
      doubled[i] *= 2;
    }

    PairedBootstrap.Interval interval = PairedBootstrap.percentileRatio(doubled, base, 99, 7);

    // Paired: every resample takes the same requests from both, so the ratio never moves.
    assertThat(interval.low()).isEqualTo(2.0);
    assertThat(interval.high()).isEqualTo(2.0);
  }

  @Test
  void excludesOneWhenTheTailIsTwiceAsLong() {
    long[] base = latencies(4, 10_000);
    long[] slower = latencies(5, 10_000);
    for (int i = 0; i < slower.length; i++) {
      if (slower[i] >= 1_000_000) {
        slower[i] *= 2;
      }
    }

    assertThat(PairedBootstrap.percentileRatio(slower, base, 99, 7).low()).isGreaterThan(1.2);
  }

  @Test
  void givesTheSameIntervalForTheSameSeed() {
    long[] a = latencies(6, 5_000);
    long[] b = latencies(7, 5_000);

    assertThat(PairedBootstrap.percentileRatio(a, b, 99, 11))
        .isEqualTo(PairedBootstrap.percentileRatio(a, b, 99, 11));
  }

  @Test
  void takesThePooledPercentileOfThePickedBlocksAsAFullSortWould() {
    SplittableRandom random = new SplittableRandom(12);
    List<long[]> blocks = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long[] block = latencies(100 + i, 500);
      Arrays.sort(block);
      blocks.add(block);
    }
    for (int trial = 0; trial < 20; trial++) {
      int[] picks = random.ints(30, 0, 30).toArray();
      long[] pooled =
          Arrays.stream(picks)
              .mapToObj(blocks::get)
              .flatMapToLong(Arrays::stream)
              .sorted()
              .toArray();
      for (double p : new double[] {50, 99, 99.9, 100}) {
        int rank = (int) Math.ceil(p / 100.0 * pooled.length) - 1;
        assertThat(PairedBootstrap.pooledPercentile(blocks, picks, p)).isEqualTo(pooled[rank]);
      }
    }
  }

  @Test
  void widensTheIntervalWhenOneTargetHasABadSlice() {
    List<long[]> steady = new ArrayList<>();
    List<long[]> oneBad = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      steady.add(latencies(200 + i, 2_000));
      long[] slice = latencies(300 + i, 2_000);
      if (i == 7) {
        // a stall: an eighth of the slice's requests take 20 ms
        for (int k = 0; k < 250; k++) {
          slice[k] = 20_000_000;
        }
      }
      oneBad.add(slice);
    }

    PairedBootstrap.Interval interval = PairedBootstrap.percentileRatio(oneBad, steady, 99, 3);

    // Resamples without slice 7 look alike; with it three times or more (8 % of resamples) its
    // 750 stalled requests are more than the pool's top 1 %, and the p99 is the stall.
    assertThat(interval.low()).isLessThan(1.2);
    assertThat(interval.high()).isGreaterThan(2.0);
  }

  @Test
  void rejectsSeriesOfDifferentLengths() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> PairedBootstrap.percentileRatio(latencies(8, 1_000), latencies(9, 999), 99, 1))
        .withMessageContaining("1000 and 999");
  }
}
