package dev.aifactory.monitoring.cost;

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
 * single-threaded prediction) × the CPU-second price. Captures are sampled, so this is the cost of
 * the sampled traffic; divide by the endpoint's sample rate for the whole.
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

  /** Records the serving cost of an evaluated window; call in the evaluating transaction. */
  public CostEntry recordServing(
      String windowId,
      String team,
      String endpoint,
      String modelGroup,
      int version,
      List<Double> latenciesMs) {
    double cpuSeconds = latenciesMs.stream().mapToDouble(Double::doubleValue).sum() / 1000.0;
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
            latenciesMs.size(),
            clock.instant());
    costs.record(entry);
    return entry;
  }
}
