package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.monitoring.monitor.MonitorSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Puts every captured inference of a batch into its tumbling window and stores it. */
@Service
public class CaptureIngestion {

  static final String DEFAULT_VARIANT = "default";

  private final Windows windows;
  private final Captures captures;
  private final WindowMetrics metrics;
  private final MonitorSettings monitors;

  CaptureIngestion(
      Windows windows, Captures captures, WindowMetrics metrics, MonitorSettings monitors) {
    this.windows = windows;
    this.captures = captures;
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
    Map<WindowKey, List<CapturedInference>> byWindow = new LinkedHashMap<>();
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
        accepted += captures.append(window.id(), entry.getValue());
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
