package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Latency percentiles (ms) and error rate of a window's records. Percentiles are computed from the
 * individual latencies (R-7 interpolation, as numpy's default), never from averages.
 */
public record LatencySummary(long count, double p50, double p95, double p99, double errorRate) {

  /**
   * From a window's latencies (ms) and its count of error responses; the array is sorted in place
   * by the percentile computation.
   */
  public static LatencySummary of(double[] latencies, long errors) {
    if (latencies.length == 0) {
      return new LatencySummary(0, 0, 0, 0, 0);
    }
    Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
    percentile.setData(latencies);
    return new LatencySummary(
        latencies.length,
        percentile.evaluate(50),
        percentile.evaluate(95),
        percentile.evaluate(99),
        (double) errors / latencies.length);
  }

  public static LatencySummary of(List<CapturedInference> records) {
    if (records.isEmpty()) {
      return new LatencySummary(0, 0, 0, 0, 0);
    }
    double[] latencies = records.stream().mapToDouble(CapturedInference::latencyMs).toArray();
    Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
    percentile.setData(latencies);
    long errors = records.stream().filter(r -> r.status() >= 400).count();
    return new LatencySummary(
        records.size(),
        percentile.evaluate(50),
        percentile.evaluate(95),
        percentile.evaluate(99),
        (double) errors / records.size());
  }
}
