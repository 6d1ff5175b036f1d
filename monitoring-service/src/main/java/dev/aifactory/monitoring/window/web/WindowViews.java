package dev.aifactory.monitoring.window.web;

import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.monitoring.window.MonitoringWindow;
import dev.aifactory.monitoring.window.WindowKey;
import dev.aifactory.monitoring.window.WindowResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON shapes of the window and drift-report resources. */
final class WindowViews {

  private WindowViews() {}

  /** A window in a list: results without the per-feature detail. */
  record WindowSummary(
      UUID id,
      String endpoint,
      String variant,
      String modelGroup,
      int version,
      Instant windowFrom,
      Instant windowTo,
      String status,
      Long count,
      Double latencyP50,
      Double latencyP95,
      Double latencyP99,
      Double errorRate,
      Double driftShare,
      Boolean datasetDrift,
      Instant evaluatedAt) {

    static WindowSummary of(MonitoringWindow w) {
      WindowKey k = w.key();
      WindowResult r = w.result();
      return new WindowSummary(
          w.id(),
          k.endpoint(),
          k.variant(),
          k.modelGroup(),
          k.version(),
          k.from(),
          k.to(),
          w.status().name(),
          r == null ? null : r.count(),
          r == null ? null : r.latencyP50(),
          r == null ? null : r.latencyP95(),
          r == null ? null : r.latencyP99(),
          r == null ? null : r.errorRate(),
          r == null ? null : r.driftShare(),
          r == null ? null : r.datasetDrift(),
          r == null ? null : r.evaluatedAt());
    }
  }

  /** One window with the drift of every feature and of the prediction. */
  record WindowDetail(
      WindowSummary window,
      Boolean baselineFound,
      List<FeatureDrift> features,
      FeatureDrift predictionDrift) {

    static WindowDetail of(MonitoringWindow w) {
      WindowResult r = w.result();
      return new WindowDetail(
          WindowSummary.of(w),
          r == null ? null : r.baselineFound(),
          r == null ? List.of() : r.features(),
          r == null ? null : r.predictionDrift());
    }
  }

  /** A window in which dataset drift was detected; its id is the window's. */
  record DriftReport(
      UUID id,
      String modelGroup,
      int version,
      String endpoint,
      String variant,
      Instant windowFrom,
      Instant windowTo,
      long count,
      double driftShare,
      List<String> driftedFeatures,
      List<FeatureDrift> features,
      FeatureDrift predictionDrift,
      Instant detectedAt) {

    static DriftReport of(MonitoringWindow w) {
      WindowKey k = w.key();
      WindowResult r = w.result();
      return new DriftReport(
          w.id(),
          k.modelGroup(),
          k.version(),
          k.endpoint(),
          k.variant(),
          k.from(),
          k.to(),
          r.count(),
          r.driftShare(),
          r.features().stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList(),
          r.features(),
          r.predictionDrift(),
          r.evaluatedAt());
    }
  }
}
