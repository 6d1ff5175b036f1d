package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.DriftDetected;
import dev.aifactory.common.events.WindowEvaluated;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.monitoring.MonitoringProperties;
import dev.aifactory.monitoring.baseline.Baselines;
import dev.aifactory.monitoring.baseline.ModelBaseline;
import dev.aifactory.monitoring.drift.DriftAnalysis;
import dev.aifactory.monitoring.drift.DriftStatistics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes windows whose end plus the allowed lateness has passed and evaluates each exactly once:
 * the window row is locked and moved out of {@code OPEN} in the same transaction that stores the
 * result and writes the events to the outbox, so a crash either leaves the window open (evaluated
 * again later) or has evaluated and published it once. Several instances skip each other's locked
 * windows.
 */
@Service
public class WindowEvaluator {

  private static final Logger log = LoggerFactory.getLogger(WindowEvaluator.class);
  private static final int BATCH = 100;

  private final Windows windows;
  private final Captures captures;
  private final Baselines baselines;
  private final DriftStatistics statistics;
  private final Outbox outbox;
  private final WindowMetrics metrics;
  private final TransactionTemplate tx;
  private final MonitoringProperties properties;
  private final Clock clock;

  WindowEvaluator(
      Windows windows,
      Captures captures,
      Baselines baselines,
      DriftStatistics statistics,
      Outbox outbox,
      WindowMetrics metrics,
      TransactionTemplate tx,
      MonitoringProperties properties,
      Clock clock) {
    this.windows = windows;
    this.captures = captures;
    this.baselines = baselines;
    this.statistics = statistics;
    this.outbox = outbox;
    this.metrics = metrics;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${aifactory.monitoring.evaluate-interval:2s}",
      initialDelayString = "${aifactory.monitoring.evaluate-interval:2s}")
  public void evaluateDue() {
    try {
      evaluateDueBy(clock.instant().minus(properties.allowedLateness()));
    } catch (RuntimeException e) {
      log.warn("Window evaluation failed, will retry: {}", e.getMessage(), e);
    }
  }

  /** Evaluates every open window that ended at or before {@code cutoff}; returns how many. */
  public int evaluateDueBy(Instant cutoff) {
    int evaluated = 0;
    List<UUID> due;
    int closedNow;
    do {
      due = windows.dueBy(cutoff, BATCH);
      closedNow = 0;
      for (UUID id : due) {
        if (Boolean.TRUE.equals(tx.execute(status -> evaluate(id)))) {
          closedNow++;
        }
      }
      evaluated += closedNow;
      // A full batch that closed nothing is held by another instance: leave it to that one.
    } while (due.size() == BATCH && closedNow > 0);
    return evaluated;
  }

  private boolean evaluate(UUID id) {
    MonitoringWindow window = windows.lockOpen(id).orElse(null);
    if (window == null) {
      return false; // closed meanwhile, or being closed by another instance
    }
    WindowKey key = window.key();
    List<CapturedInference> records = captures.of(id);
    LatencySummary latency = LatencySummary.of(records);
    if (records.size() < properties.minSamples()) {
      windows.close(
          id,
          WindowStatus.INSUFFICIENT_DATA,
          result(latency, DriftAnalysis.NONE, false, clock.instant()));
      return true;
    }
    ModelBaseline baseline =
        baselines.find(key.team(), key.modelGroup(), key.version()).orElse(null);
    DriftAnalysis drift =
        baseline == null
            ? DriftAnalysis.NONE
            : statistics.analyse(
                baseline.baseline(),
                records.stream()
                    .map(CapturedInference::features)
                    .map(WindowEvaluator::row)
                    .toList(),
                records.stream().map(CapturedInference::prediction).toList(),
                properties.driftShareThreshold());
    WindowResult result = result(latency, drift, baseline != null, clock.instant());
    windows.close(id, WindowStatus.EVALUATED, result);
    outbox.publish(
        new WindowEvaluated(
            key.team(),
            key.endpoint(),
            key.variant(),
            key.modelGroup(),
            key.version(),
            key.from(),
            key.to(),
            result.count(),
            result.latencyP50(),
            result.latencyP95(),
            result.latencyP99(),
            result.errorRate(),
            result.driftShare(),
            result.features(),
            result.predictionDrift()));
    if (result.datasetDrift()) {
      outbox.publish(
          new DriftDetected(
              key.team(),
              key.modelGroup(),
              key.version(),
              key.endpoint(),
              key.from(),
              key.to(),
              result.driftShare(),
              result.features(),
              id.toString()));
    }
    CaptureIngestion.afterCommit(() -> metrics.evaluated(key, result));
    return true;
  }

  private static WindowResult result(
      LatencySummary latency, DriftAnalysis drift, boolean baselineFound, Instant at) {
    return new WindowResult(
        latency.count(),
        latency.p50(),
        latency.p95(),
        latency.p99(),
        latency.errorRate(),
        drift.driftShare(),
        drift.datasetDrift(),
        drift.features(),
        drift.prediction(),
        baselineFound,
        at);
  }

  private static Map<String, Object> row(Map<String, Object> features) {
    return features == null ? Map.of() : features;
  }
}
