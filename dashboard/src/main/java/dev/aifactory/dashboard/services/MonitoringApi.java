package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;

/** monitoring-service: evaluated windows (latency, errors, drift) and drift reports. */
public final class MonitoringApi {

  public record Window(
      String id,
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
      Instant evaluatedAt) {}

  public record FeatureDrift(
      String name,
      String method,
      double statistic,
      double threshold,
      String thresholdSource,
      double psi,
      boolean drifted) {}

  public record DriftReport(
      String id,
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
      Instant detectedAt) {}

  private final ServiceClient client;

  MonitoringApi(ServiceClient client) {
    this.client = client;
  }

  /** The newest windows of an endpoint (newest first, at most 200). */
  public Page<Window> windows(String token, String endpoint) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<Window>>() {},
        "/api/v1/windows?endpoint={endpoint}&size=200",
        endpoint);
  }

  public Page<DriftReport> driftReports(String token, int size) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<DriftReport>>() {},
        "/api/v1/drift-reports?size={size}",
        size);
  }

  public DriftReport driftReport(String token, String id) {
    return client.get(token, DriftReport.class, "/api/v1/drift-reports/{id}", id);
  }
}
