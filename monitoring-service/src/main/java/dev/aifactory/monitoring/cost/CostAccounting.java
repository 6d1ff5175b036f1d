package dev.aifactory.monitoring.cost;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.monitoring.cost.CostEntry.Kind;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spend per team, model group and version. Training: the cost training reports on {@code
 * training.run-completed} (or, when it reports none, its duration × the CPU-second price). Serving,
 * locally: the CPU time of a window's captured requests (their latency, an upper bound for a
 * single-threaded prediction) × the CPU-second price, scaled by each capture's sample rate to the
 * whole traffic.
 */
@Service
public class CostAccounting {

  private final Costs costs;
  private final Prices prices;
  private final Clock clock;

  CostAccounting(Costs costs, Prices prices, Clock clock) {
    this.costs = costs;
    this.prices = prices;
    this.clock = clock;
  }

  @Transactional
  public boolean recordTraining(TrainingRunCompleted run) {
    if (run.team() == null || run.modelGroup() == null || run.runId() == null) {
      throw new IllegalArgumentException("training.run-completed without team, group or run id");
    }
    double cpuSeconds = Math.max(0, run.durationMs()) / 1000.0;
    double amount = run.cost() > 0 ? run.cost() : cpuSeconds * prices.localCpuSecond();
    return costs.record(
        new CostEntry(
            Kind.TRAINING,
            run.runId(),
            run.team(),
            run.modelGroup(),
            run.version(),
            null,
            amount,
            cpuSeconds,
            0,
            clock.instant()));
  }

  /**
   * Records the serving cost of an evaluated window; call in the evaluating transaction. A capture
   * sampled at rate r stands for 1/r requests (null rate: every request was captured), so CPU time
   * and prediction count are scaled up to the whole traffic.
   */
  public CostEntry recordServing(
      String windowId,
      String team,
      String endpoint,
      String modelGroup,
      int version,
      List<CapturedInference> records) {
    double cpuSeconds = 0;
    double predictions = 0;
    for (CapturedInference r : records) {
      double weight = weightOf(r.sampleRate());
      cpuSeconds += r.latencyMs() / 1000.0 * weight;
      predictions += weight;
    }
    CostEntry entry =
        new CostEntry(
            Kind.SERVING,
            windowId,
            team,
            modelGroup,
            version,
            endpoint,
            cpuSeconds * prices.localCpuSecond(),
            cpuSeconds,
            Math.round(predictions),
            clock.instant());
    costs.record(entry);
    return entry;
  }

  /**
   * Records a window's serving cost from its totals: CPU-seconds and requests already weighted by
   * the captures' sample rates. Call in the evaluating transaction.
   */
  public CostEntry recordServing(
      String windowId,
      String team,
      String endpoint,
      String modelGroup,
      int version,
      double cpuSeconds,
      double requests) {
    CostEntry entry =
        new CostEntry(
            Kind.SERVING,
            windowId,
            team,
            modelGroup,
            version,
            endpoint,
            cpuSeconds * prices.localCpuSecond(),
            cpuSeconds,
            Math.round(requests),
            clock.instant());
    costs.record(entry);
    return entry;
  }

  /** Requests one capture stands for; a rate outside (0, 1] is a gateway bug, counted as 1. */
  static double weightOf(Double sampleRate) {
    if (sampleRate == null || !(sampleRate > 0) || sampleRate > 1) {
      return 1.0;
    }
    return 1.0 / sampleRate;
  }
}
