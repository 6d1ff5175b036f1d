package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.monitoring.baseline.Baselines;
import dev.aifactory.monitoring.drift.DriftStatistics;
import dev.aifactory.monitoring.drift.WindowSketch;
import dev.aifactory.monitoring.monitor.MonitorSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Puts every captured inference of a batch into its tumbling window, stores it, and adds the
 * captures stored now (not duplicates) to the window's {@link WindowAggregate} in the same
 * transaction: the inbox row, the captures and the aggregate commit together, so a redelivered
 * batch changes nothing and a killed process loses nothing.
 */
@Service
public class CaptureIngestion {

  static final String DEFAULT_VARIANT = "default";
  private static final Logger log = LoggerFactory.getLogger(CaptureIngestion.class);
  // Windows are locked in this order, so two batches spanning the same windows cannot deadlock.
  private static final Comparator<WindowKey> LOCK_ORDER =
      Comparator.comparing(WindowKey::from)
          .thenComparing(WindowKey::endpoint, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(WindowKey::variant)
          .thenComparing(WindowKey::modelGroup)
          .thenComparingInt(WindowKey::version);

  private final Windows windows;
  private final Captures captures;
  private final WindowAggregates aggregates;
  private final Baselines baselines;
  private final DriftStatistics statistics;
  private final WindowMetrics metrics;
  private final MonitorSettings monitors;
  // A version's baseline does not change once registered; absent ones are looked up again.
  // With an empty sketch of it, copied per batch instead of sorting the reference samples again.
  private final Map<String, Prepared> baselineCache = new ConcurrentHashMap<>();

  private record Prepared(DriftBaseline baseline, WindowSketch prototype) {}

  CaptureIngestion(
      Windows windows,
      Captures captures,
      WindowAggregates aggregates,
      Baselines baselines,
      DriftStatistics statistics,
      WindowMetrics metrics,
      MonitorSettings monitors) {
    this.windows = windows;
    this.captures = captures;
    this.aggregates = aggregates;
    this.baselines = baselines;
    this.statistics = statistics;
    this.metrics = metrics;
    this.monitors = monitors;
  }

  /** Counts of one batch: stored in open windows, or dropped because their window had closed. */
  public record Tally(int accepted, int late) {}

  @Transactional
  public Tally accept(InferenceCaptured batch) {
    if (batch.team() == null || batch.records() == null) {
      throw new IllegalArgumentException("inference.captured without team or records");
    }
    Map<WindowKey, List<CapturedInference>> byWindow = new java.util.TreeMap<>(LOCK_ORDER);
    // Each endpoint's own window length (its monitor's, else the default), looked up once a batch.
    Map<String, TumblingWindows> lengths = new HashMap<>();
    for (CapturedInference record : batch.records()) {
      if (record == null || record.timestamp() == null || record.modelGroup() == null) {
        continue; // unattributable to a window; the gateway always sets these
      }
      String endpoint = record.endpoint() != null ? record.endpoint() : batch.endpoint();
      TumblingWindows tumbling =
          lengths.computeIfAbsent(
              String.valueOf(endpoint),
              e -> new TumblingWindows(monitors.of(batch.team(), endpoint).windowLength()));
      byWindow
          .computeIfAbsent(keyOf(batch, record, endpoint, tumbling), k -> new ArrayList<>())
          .add(record);
    }
    int accepted = 0;
    int late = 0;
    for (Map.Entry<WindowKey, List<CapturedInference>> entry : byWindow.entrySet()) {
      MonitoringWindow window = windows.openForAppend(entry.getKey());
      if (window.status() == WindowStatus.OPEN) {
        List<CapturedInference> stored = captures.append(window.id(), entry.getValue());
        accepted += stored.size();
        if (!stored.isEmpty()) {
          aggregate(window, stored);
        }
      } else {
        // Late beyond the allowed lateness: the window was already evaluated and its events
        // published, so these records are counted in the metric and dropped from evaluation.
        late += entry.getValue().size();
      }
    }
    Tally tally = new Tally(accepted, late);
    afterCommit(() -> metrics.captures(endpointOf(batch), tally.accepted(), tally.late()));
    return tally;
  }

  private void aggregate(MonitoringWindow window, List<CapturedInference> stored) {
    WindowKey key = window.key();
    Prepared prepared = baselineOf(key);
    DriftBaseline baseline = prepared == null ? null : prepared.baseline();
    WindowSketch prototype = prepared == null ? null : prepared.prototype();
    Optional<byte[]> state = aggregates.lock(window.id());
    WindowAggregate aggregate;
    if (state.isEmpty()) {
      // Complete only if these are the window's first captures (not ones stored before the
      // aggregate existed); evaluation rebuilds incomplete aggregates from the captures.
      boolean first = captures.count(window.id()) == stored.size();
      aggregate = WindowAggregate.start(baseline, prototype, first);
    } else {
      try {
        aggregate = WindowAggregate.read(state.get(), statistics, baseline, prototype);
      } catch (IOException unusable) {
        log.warn("Window {} aggregate unusable, rebuilt at evaluation: {}", window.id(), unusable);
        aggregate = WindowAggregate.start(statistics, null, false);
      }
    }
    for (CapturedInference record : stored) {
      aggregate.add(record);
    }
    aggregates.save(window.id(), aggregate.toBytes());
  }

  private Prepared baselineOf(WindowKey key) {
    String cacheKey = key.team() + '\n' + key.modelGroup() + '\n' + key.version();
    Prepared cached = baselineCache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    DriftBaseline found =
        baselines
            .find(key.team(), key.modelGroup(), key.version())
            .map(b -> b.baseline())
            .orElse(null);
    if (found == null) {
      return null;
    }
    Prepared prepared = new Prepared(found, new WindowSketch(statistics, found));
    baselineCache.put(cacheKey, prepared);
    return prepared;
  }

  private static WindowKey keyOf(
      InferenceCaptured batch,
      CapturedInference record,
      String endpoint,
      TumblingWindows tumbling) {
    return new WindowKey(
        batch.team(),
        endpoint,
        record.variant() != null ? record.variant() : DEFAULT_VARIANT,
        record.modelGroup(),
        record.version(),
        tumbling.startOf(record.timestamp()),
        tumbling.endOf(record.timestamp()));
  }

  private static String endpointOf(InferenceCaptured batch) {
    return batch.endpoint() != null ? batch.endpoint() : "unknown";
  }

  static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              action.run();
            }
          });
    } else {
      action.run();
    }
  }
}
