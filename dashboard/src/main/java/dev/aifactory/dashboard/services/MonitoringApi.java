package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.JsonNode;

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

  /** Model quality of one window: measured from ground truth, or estimated from confidence. */
  public record Quality(
      String windowId,
      String endpoint,
      String variant,
      String modelGroup,
      int version,
      Instant windowFrom,
      Instant windowTo,
      String source,
      boolean estimated,
      String objective,
      long sampleCount,
      java.util.Map<String, Double> metrics,
      java.util.Map<String, Double> trainingMetrics,
      List<String> degraded,
      Instant computedAt) {}

  public record CostLine(
      String team,
      String modelGroup,
      Integer version,
      double trainingCost,
      double servingCost,
      double totalCost,
      long predictions,
      Double costPer1000Predictions) {}

  public record CostReport(String by, String currency, List<CostLine> items) {

    public CostReport {
      items = items == null ? List.of() : List.copyOf(items);
    }

    public double total() {
      return items.stream().mapToDouble(CostLine::totalCost).sum();
    }
  }

  public record Slo(
      String id,
      String endpoint,
      String name,
      String objective,
      double target,
      Double latencyThresholdMs,
      int periodDays,
      Instant createdAt,
      Instant updatedAt) {}

  public record SloAlert(
      String longWindow,
      String shortWindow,
      double threshold,
      double burnRateLong,
      double burnRateShort,
      boolean firing) {}

  /** An SLO now: {@code errorBudgetRemaining} 1 = untouched, 0 = spent, negative = overspent. */
  public record SloStatus(
      Slo slo,
      Instant at,
      double total,
      double good,
      Double compliance,
      double errorBudgetRemaining,
      java.util.Map<String, Double> burnRates,
      List<SloAlert> alerts) {

    public SloStatus {
      alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    public boolean firing() {
      return alerts.stream().anyMatch(SloAlert::firing);
    }
  }

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

  /** Quality per window, newest first (at most 200). */
  public Page<Quality> quality(String token) {
    return client.get(
        token, new ParameterizedTypeReference<Page<Quality>>() {}, "/api/v1/quality?size=200");
  }

  /** Spend grouped by {@code team}, {@code modelGroup} or {@code version}. */
  public CostReport costs(String token, String by) {
    return client.get(token, CostReport.class, "/api/v1/cost-reports?by={by}", by);
  }

  public Page<Slo> slos(String token) {
    return client.get(
        token, new ParameterizedTypeReference<Page<Slo>>() {}, "/api/v1/slos?size=200");
  }

  public SloStatus sloStatus(String token, String id) {
    return client.get(token, SloStatus.class, "/api/v1/slos/{id}/status", id);
  }

  /** Open and recent violations (SLO burn, budget, drift, quality), read loosely: a new route. */
  public Page<Violation> violations(String token) {
    Page<JsonNode> page =
        client.get(
            token,
            new ParameterizedTypeReference<Page<JsonNode>>() {},
            "/api/v1/violations?size=100");
    return new Page<>(
        page.items().stream().map(Violation::of).toList(), page.page(), page.size(), page.total());
  }

  /**
   * One violation, whatever its kind: the fields the page shows, taken from the names monitoring
   * uses or is likely to use ({@code kind|type}, {@code detail|message|reason}, ...).
   */
  public record Violation(
      String id, String kind, String subject, String detail, String status, String at) {

    static Violation of(JsonNode n) {
      String subject = Loose.text(n, "endpoint", "subject", "modelGroup", "team");
      if (n.path("modelGroup").isString() && n.path("version").isNumber()) {
        subject =
            (n.path("endpoint").isString() ? n.path("endpoint").asString() + " · " : "")
                + n.path("modelGroup").asString()
                + " v"
                + n.path("version").asInt();
      }
      String status = Loose.text(n, "status", "state");
      if (status == null && n.path("open").isBoolean()) {
        status = n.path("open").asBoolean() ? "open" : "resolved";
      }
      return new Violation(
          Loose.text(n, "id"),
          Loose.text(n, "kind", "type", "eventType", "objective"),
          subject,
          Loose.text(n, "detail", "message", "reason", "description"),
          status,
          Loose.text(n, "detectedAt", "openedAt", "at", "createdAt", "occurredAt"));
    }

    public boolean open() {
      return status == null
          || !(status.equalsIgnoreCase("resolved") || status.equalsIgnoreCase("closed"));
    }
  }

  public DriftReport driftReport(String token, String id) {
    return client.get(token, DriftReport.class, "/api/v1/drift-reports/{id}", id);
  }
}
