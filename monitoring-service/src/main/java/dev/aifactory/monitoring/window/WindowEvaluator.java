package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.ChampionComparison;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.DriftDetected;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.common.events.ShadowResult;
import dev.aifactory.common.events.WindowEvaluated;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.monitoring.MonitoringProperties;
import dev.aifactory.monitoring.alarm.EndpointAlarms;
import dev.aifactory.monitoring.baseline.Baselines;
import dev.aifactory.monitoring.baseline.ModelBaseline;
import dev.aifactory.monitoring.cost.CostAccounting;
import dev.aifactory.monitoring.drift.BaselineCalibration;
import dev.aifactory.monitoring.drift.DriftAnalysis;
import dev.aifactory.monitoring.drift.DriftStatistics;
import dev.aifactory.monitoring.drift.ModelMonitorFiles;
import dev.aifactory.monitoring.drift.ThresholdCalibration;
import dev.aifactory.monitoring.drift.ThresholdMode;
import dev.aifactory.monitoring.monitor.Monitor;
import dev.aifactory.monitoring.monitor.MonitorSettings;
import dev.aifactory.monitoring.quality.QualityAssessment;
import dev.aifactory.monitoring.quality.QualityWindow;
import dev.aifactory.monitoring.rollout.Rollout;
import dev.aifactory.monitoring.rollout.Rollouts;
import dev.aifactory.monitoring.slo.SloEvaluation;
import dev.aifactory.monitoring.violation.Violation;
import dev.aifactory.monitoring.violation.Violations;
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
  private final WindowAggregates aggregates;
  private final Baselines baselines;
  private final DriftStatistics statistics;
  private final ThresholdCalibration calibration;
  private final QualityAssessment quality;
  private final ModelMonitorFiles modelMonitor;
  private final WindowFiles files;
  private final Outbox outbox;
  private final WindowMetrics metrics;
  private final EndpointAlarms alarms;
  private final CostAccounting costs;
  private final Rollouts rollouts;
  private final SloEvaluation slos;
  private final MonitorSettings monitors;
  private final Violations violations;
  private final TransactionTemplate tx;
  private final MonitoringProperties properties;
  private final Clock clock;

  WindowEvaluator(
      Windows windows,
      Captures captures,
      WindowAggregates aggregates,
      Baselines baselines,
      DriftStatistics statistics,
      ThresholdCalibration calibration,
      QualityAssessment quality,
      ModelMonitorFiles modelMonitor,
      WindowFiles files,
      Outbox outbox,
      WindowMetrics metrics,
      EndpointAlarms alarms,
      CostAccounting costs,
      Rollouts rollouts,
      SloEvaluation slos,
      MonitorSettings monitors,
      Violations violations,
      TransactionTemplate tx,
      MonitoringProperties properties,
      Clock clock) {
    this.windows = windows;
    this.captures = captures;
    this.aggregates = aggregates;
    this.baselines = baselines;
    this.statistics = statistics;
    this.calibration = calibration;
    this.quality = quality;
    this.modelMonitor = modelMonitor;
    this.files = files;
    this.outbox = outbox;
    this.metrics = metrics;
    this.alarms = alarms;
    this.costs = costs;
    this.rollouts = rollouts;
    this.slos = slos;
    this.monitors = monitors;
    this.violations = violations;
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
    Monitor monitor = monitors.of(key.team(), key.endpoint());
    ModelBaseline baseline =
        baselines.find(key.team(), key.modelGroup(), key.version()).orElse(null);
    Rollout rollout =
        rollouts.activeFor(key.team(), key.endpoint(), key.variant(), key.version()).orElse(null);
    // Rollouts this window is the champion of: a shadow-only candidate's window is built from it.
    List<Rollout> championOf =
        rollouts.activeWithChampion(key.team(), key.endpoint(), key.variant(), key.version());
    boolean keepRows = rollout != null || !championOf.isEmpty();
    DriftStatistics windowStatistics = statisticsOf(monitor);
    DriftBaseline driftBaseline = baseline == null ? null : baseline.baseline();
    // Normally the aggregate built at ingest: closing reads one small state, not the captures.
    WindowAggregate aggregate = storedAggregate(id, driftBaseline);
    List<Map<String, Object>> sample;
    List<CapturedInference> records = null;
    if (aggregate != null) {
      sample = captures.sample(id, properties.modelMonitorSample());
      if (keepRows) {
        records = captures.of(id); // compared pair by pair with the other side's
      }
    } else {
      // Captures stored before the aggregate existed or before the baseline was known: one
      // streaming pass over them builds the same aggregate.
      WindowPass pass =
          new WindowPass(
              windowStatistics, driftBaseline, properties.modelMonitorSample(), keepRows);
      captures.forEach(id, pass::add);
      aggregate = pass.aggregate();
      sample = pass.sample();
      records = pass.records();
    }
    aggregates.delete(id);
    LatencySummary latency = aggregate.latency();
    // SLOs count every request, also of windows too small for drift statistics.
    slos.windowClosed(
        key.team(), key.endpoint(), id, key.to(), aggregate.requests(), aggregate::good);
    if (aggregate.count() < monitor.minSamples()) {
      windows.close(
          id,
          WindowStatus.INSUFFICIENT_DATA,
          result(latency, DriftAnalysis.NONE, false, clock.instant()));
      return true;
    }
    DriftAnalysis drift =
        baseline == null
            ? DriftAnalysis.NONE
            : windowStatistics.analyse(
                baseline.baseline(),
                calibrationOf(baseline, monitor),
                aggregate.sketch(),
                monitor.driftShareThreshold());
    WindowResult result = result(latency, drift, baseline != null, clock.instant());
    windows.close(id, WindowStatus.EVALUATED, result);
    recordViolations(id, key, aggregate.missing(), (int) aggregate.count(), result);
    costs.recordServing(
        id.toString(),
        key.team(),
        key.endpoint(),
        key.modelGroup(),
        key.version(),
        aggregate.cpuSeconds(),
        aggregate.requests());
    // Model Monitor statistics from all rows up to model-monitor-sample, a uniform sample above.
    files.save(id, modelMonitor.files(driftBaseline, sample, drift));
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
            result.predictionDrift(),
            vsChampion(key, baseline, rollout, records)));
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
    publishShadowCandidates(key, monitor, championOf, records);
    if (baseline != null) {
      // Without labels yet, a binary classifier's quality is estimated from its confidence.
      quality.estimate(
          new QualityWindow(
              id,
              key.team(),
              key.endpoint(),
              key.variant(),
              key.modelGroup(),
              key.version(),
              key.from(),
              key.to()),
          baseline,
          aggregate.predicted(),
          aggregate.expectedAccuracy());
    }
    CaptureIngestion.afterCommit(
        () -> {
          metrics.evaluated(key, result);
          alarms.ensure(key.team(), key.endpoint());
        });
    return true;
  }

  /**
   * The aggregate stored at ingest, when it covers every capture and has the baseline's sketches.
   */
  private WindowAggregate storedAggregate(UUID id, DriftBaseline baseline) {
    byte[] state = aggregates.find(id).orElse(null);
    if (state == null) {
      return null;
    }
    try {
      WindowAggregate stored = WindowAggregate.read(state, statistics, baseline);
      return stored.complete() && (baseline == null || stored.hasSketch()) ? stored : null;
    } catch (java.io.IOException unusable) {
      log.warn("Window {} aggregate unusable, rebuilding from its captures: {}", id, unusable);
      return null;
    }
  }

  /** The service's statistics, or ones with the endpoint monitor's thresholds and methods. */
  private DriftStatistics statisticsOf(Monitor monitor) {
    return monitor.id() == null
        ? statistics
        : new DriftStatistics(monitor.driftSettings(properties.smallReferenceLimit()));
  }

  /**
   * Violations the window shows: the dataset drifted, or baseline features were missing from
   * captures (counted per feature; such captures are evaluated on the features they have).
   */
  private void recordViolations(
      UUID id, WindowKey key, Map<String, Long> missing, int count, WindowResult r) {
    Instant now = clock.instant();
    if (r.datasetDrift()) {
      List<String> drifted =
          r.features().stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList();
      violations.record(
          new Violation(
              UUID.randomUUID(),
              key.team(),
              key.endpoint(),
              key.modelGroup(),
              key.version(),
              id,
              Violation.Kind.DRIFT,
              "dataset",
              "%.0f %% of features drifted: %s".formatted(r.driftShare() * 100, drifted),
              (long) drifted.size(),
              now));
    }
    for (Map.Entry<String, Long> feature : missing.entrySet()) {
      long absent = feature.getValue();
      violations.record(
          new Violation(
              UUID.randomUUID(),
              key.team(),
              key.endpoint(),
              key.modelGroup(),
              key.version(),
              id,
              Violation.Kind.MISSING_COLUMN,
              feature.getKey(),
              "feature '%s' missing in %d of %d captures"
                  .formatted(feature.getKey(), absent, count),
              absent,
              now));
      CaptureIngestion.afterCommit(() -> metrics.missingFeature(key, feature.getKey(), absent));
    }
  }

  /**
   * A shadow-only candidate (mirrored, serving no traffic of its own, so without a window over this
   * span) gets its window-evaluated from the champion's captures that carry its shadow result: the
   * shadow's latency and errors, the mirrored features' drift against the candidate's baseline, its
   * predictions' drift, and {@code vsChampion} over the same span, as a canary's.
   */
  private void publishShadowCandidates(
      WindowKey key, Monitor monitor, List<Rollout> championOf, List<CapturedInference> champion) {
    if (champion == null) {
      return;
    }
    for (Rollout rollout : championOf) {
      if (!windows
          .idsAt(
              key.team(),
              key.endpoint(),
              rollout.candidateVariant(),
              rollout.candidateVersion(),
              key.from())
          .isEmpty()) {
        continue; // the candidate serves traffic: its own window carries the comparison
      }
      String group = rollout.modelGroup() != null ? rollout.modelGroup() : key.modelGroup();
      List<CapturedInference> shadowed = new java.util.ArrayList<>();
      for (CapturedInference c : champion) {
        ShadowResult shadow = c.shadow();
        if (shadow != null
            && rollout.candidateVariant().equals(shadow.variant())
            && shadow.version() == rollout.candidateVersion()) {
          boolean failed = shadow.error() != null;
          shadowed.add(
              new CapturedInference(
                  c.requestId(),
                  key.endpoint(),
                  shadow.variant(),
                  group,
                  shadow.version(),
                  c.timestamp(),
                  shadow.latencyMs(),
                  0,
                  failed ? 500 : 200,
                  c.features(),
                  failed ? null : shadow.prediction(),
                  c.sampleRate(),
                  null));
        }
      }
      if (shadowed.size() < monitor.minSamples()) {
        continue;
      }
      ModelBaseline candidate =
          baselines.find(key.team(), group, rollout.candidateVersion()).orElse(null);
      DriftStatistics candidateStatistics = statisticsOf(monitor);
      WindowPass pass =
          new WindowPass(
              candidateStatistics, candidate == null ? null : candidate.baseline(), 0, false);
      shadowed.forEach(pass::add);
      DriftAnalysis drift =
          candidate == null
              ? DriftAnalysis.NONE
              : candidateStatistics.analyse(
                  candidate.baseline(),
                  calibrationOf(candidate, monitor),
                  pass.aggregate().sketch(),
                  monitor.driftShareThreshold());
      LatencySummary latency = pass.aggregate().latency();
      outbox.publish(
          new WindowEvaluated(
              key.team(),
              key.endpoint(),
              rollout.candidateVariant(),
              group,
              rollout.candidateVersion(),
              key.from(),
              key.to(),
              latency.count(),
              latency.p50(),
              latency.p95(),
              latency.p99(),
              latency.errorRate(),
              drift.driftShare(),
              drift.features(),
              drift.prediction(),
              ChampionComparisons.compare(
                  rollout,
                  candidate == null ? null : candidate.objective(),
                  shadowed,
                  champion,
                  properties.agreementTolerance())));
    }
  }

  /** The champion comparison when this window is a rollout's candidate; null otherwise. */
  private ChampionComparison vsChampion(
      WindowKey key, ModelBaseline baseline, Rollout rollout, List<CapturedInference> records) {
    if (rollout == null || records == null) {
      return null;
    }
    List<UUID> champion =
        windows.idsAt(
            key.team(),
            key.endpoint(),
            rollout.championVariant(),
            rollout.championVersion(),
            key.from());
    return ChampionComparisons.compare(
        rollout,
        baseline == null ? null : baseline.objective(),
        records,
        champion.isEmpty() ? List.of() : captures.of(champion.get(0)),
        properties.agreementTolerance());
  }

  /** The stored calibration; baselines stored before calibration existed are calibrated now. */
  private BaselineCalibration calibrationOf(ModelBaseline baseline, Monitor monitor) {
    if (monitor.thresholds() != ThresholdMode.CALIBRATED) {
      return null;
    }
    return baseline.calibration() != null
        ? baseline.calibration()
        : calibration.calibrate(baseline.baseline());
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
}
