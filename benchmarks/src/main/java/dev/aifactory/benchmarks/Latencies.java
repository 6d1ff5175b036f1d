package dev.aifactory.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of one target in one phase, in nanoseconds, with the wall time they took. */
record Latencies(long[] nanos, long wallNanos, int errors) {

  static Latencies of(long[] nanos, long wallNanos, int errors) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(sorted, wallNanos, errors);
  }

  /** All samples of several runs as one (wall times added, as if run back to back). */
  static Latencies pooled(java.util.List<Latencies> runs) {
    long[] all = runs.stream().flatMapToLong(r -> Arrays.stream(r.nanos())).toArray();
    return of(
        all,
        runs.stream().mapToLong(Latencies::wallNanos).sum(),
        runs.stream().mapToInt(Latencies::errors).sum());
  }

  double percentileMillis(double p) {
    if (nanos.length == 0) {
      return Double.NaN;
    }
    return nanos[nearestRank(p, nanos.length)] / 1e6;
  }

  /** The index of the {@code p}-th percentile among {@code n} sorted values (nearest rank). */
  static int nearestRank(double p, long n) {
    return (int) Math.max(0, Math.min(n - 1, (long) Math.ceil(p / 100.0 * n) - 1));
  }

  double meanMillis() {
    return Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
  }

  double throughput() {
    return nanos.length / (wallNanos / 1e9);
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "n=%d p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f mean=%.3f ms, %.0f req/s, errors=%d",
        nanos.length,
        percentileMillis(50),
        percentileMillis(90),
        percentileMillis(99),
        percentileMillis(99.9),
        meanMillis(),
        throughput(),
        errors);
  }
}
