package dev.aifactory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
  void rejectsSeriesOfDifferentLengths() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> PairedBootstrap.percentileRatio(latencies(8, 1_000), latencies(9, 999), 99, 1))
        .withMessageContaining("1000 and 999");
  }
}
