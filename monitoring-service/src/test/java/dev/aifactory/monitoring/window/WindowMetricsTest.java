package dev.aifactory.monitoring.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final WindowMetrics metrics = new WindowMetrics(registry);

  @Test
  void exportsCapturesWindowsDriftShareAndLatencyPercentilesToPrometheus() {
    WindowKey key =
        new WindowKey("growth", "churn", "primary", "churn-model", 3, Instant.EPOCH, Instant.EPOCH);

    metrics.captures("churn", 120, 4);
    metrics.evaluated(
        key, new WindowResult(120, 12, 40, 95, 0.01, 0.75, true, List.of(), null, true, null));

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "aifactory_monitoring_captures_total{endpoint=\"churn\",outcome=\"accepted\"} 120")
        .contains("aifactory_monitoring_captures_total{endpoint=\"churn\",outcome=\"late\"} 4")
        .contains("aifactory_monitoring_windows_total{drifted=\"true\",endpoint=\"churn\"} 1")
        .contains(
            "aifactory_monitoring_drift_share{endpoint=\"churn\",model=\"churn-model\",version=\"3\"}"
                + " 0.75")
        .contains(
            "aifactory_monitoring_window_latency_milliseconds{endpoint=\"churn\","
                + "model=\"churn-model\",percentile=\"p95\",version=\"3\"} 40");
  }
}
