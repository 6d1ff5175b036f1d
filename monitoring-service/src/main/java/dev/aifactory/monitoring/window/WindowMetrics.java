package dev.aifactory.monitoring.window;

import dev.aifactory.monitoring.alarm.EndpointAlarms;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Monitoring's own metrics: captures accepted or late, windows evaluated (drifted or not), and per
 * endpoint/model/version gauges of the last evaluated window's drift share and latency percentiles.
 */
@Component
public class WindowMetrics {

  private final MeterRegistry meters;
  // Gauges hold their state weakly; the map keeps it alive for the life of the service.
  private final Map<Tags, LastWindow> lastWindows = new ConcurrentHashMap<>();
  private final Map<Tags, LastWindow> lastEndpointWindows = new ConcurrentHashMap<>();

  WindowMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void captures(String endpoint, int accepted, int late) {
    if (accepted > 0) {
      counter(endpoint, "accepted").increment(accepted);
    }
    if (late > 0) {
      counter(endpoint, "late").increment(late);
    }
  }

  /** Captures of a window that lacked a baseline feature (missing-column violations). */
  void missingFeature(WindowKey key, String feature, long count) {
    meters
        .counter(
            "aifactory.monitoring.missing.features",
            "team",
            key.team(),
            "endpoint",
            key.endpoint(),
            "model",
            key.modelGroup(),
            "version",
            String.valueOf(key.version()),
            "feature",
            feature)
        .increment(count);
  }

  void evaluated(WindowKey key, WindowResult result) {
    meters
        .counter(
            "aifactory.monitoring.windows",
            "endpoint",
            key.endpoint(),
            "drifted",
            String.valueOf(result.datasetDrift()))
        .increment();
    Tags tags =
        Tags.of(
            "endpoint", key.endpoint(),
            "model", key.modelGroup(),
            "version", String.valueOf(key.version()));
    LastWindow last = lastWindows.computeIfAbsent(tags, this::register);
    last.driftShare = result.driftShare();
    last.p50 = result.latencyP50();
    last.p95 = result.latencyP95();
    last.p99 = result.latencyP99();
    // Per endpoint, whatever version served: the metrics the endpoint's alarms watch.
    LastWindow endpoint =
        lastEndpointWindows.computeIfAbsent(
            Tags.of("team", key.team(), "endpoint", key.endpoint()), this::registerEndpoint);
    endpoint.driftShare = result.driftShare();
    endpoint.errorRate = result.errorRate();
  }

  private LastWindow registerEndpoint(Tags tags) {
    LastWindow last = new LastWindow();
    Gauge.builder(EndpointAlarms.DRIFT_SHARE, last, l -> l.driftShare)
        .tags(tags)
        .description("Share of drifted features in the endpoint's last evaluated window")
        .register(meters);
    Gauge.builder(EndpointAlarms.ERROR_RATE, last, l -> l.errorRate)
        .tags(tags)
        .description("Error rate of the endpoint's last evaluated window")
        .register(meters);
    return last;
  }

  private io.micrometer.core.instrument.Counter counter(String endpoint, String outcome) {
    return meters.counter(
        "aifactory.monitoring.captures", "endpoint", endpoint, "outcome", outcome);
  }

  private LastWindow register(Tags tags) {
    LastWindow last = new LastWindow();
    Gauge.builder("aifactory.monitoring.drift.share", last, l -> l.driftShare)
        .tags(tags)
        .description("Share of drifted features in the last evaluated window")
        .register(meters);
    for (String percentile : new String[] {"p50", "p95", "p99"}) {
      Gauge.builder("aifactory.monitoring.window.latency", last, l -> l.get(percentile))
          .tags(tags.and("percentile", percentile))
          .baseUnit("milliseconds")
          .description("Latency percentile of the last evaluated window")
          .register(meters);
    }
    return last;
  }

  private static final class LastWindow {
    volatile double driftShare;
    volatile double errorRate;
    volatile double p50;
    volatile double p95;
    volatile double p99;

    double get(String percentile) {
      return switch (percentile) {
        case "p50" -> p50;
        case "p95" -> p95;
        default -> p99;
      };
    }
  }
}
