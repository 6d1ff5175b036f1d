package dev.aifactory.monitoring.monitor;

import dev.aifactory.monitoring.MonitoringProperties;
import java.time.Duration;
import org.springframework.stereotype.Service;

/** The effective monitor of an endpoint: its own when defined, else the service defaults. */
@Service
public class MonitorSettings {

  private final Monitors monitors;
  private final MonitoringProperties properties;

  MonitorSettings(Monitors monitors, MonitoringProperties properties) {
    this.monitors = monitors;
    this.properties = properties;
  }

  public Monitor of(String team, String endpoint) {
    return monitors.ofEndpoint(team, endpoint).orElseGet(() -> defaults(team, endpoint));
  }

  /** The service-wide settings, as a monitor without id. */
  public Monitor defaults(String team, String endpoint) {
    return new Monitor(
        null,
        team,
        endpoint,
        properties.windowLength(),
        properties.minSamples(),
        properties.pValueThreshold(),
        properties.distanceThreshold(),
        properties.driftShareThreshold(),
        properties.thresholds(),
        null,
        null,
        null,
        null);
  }

  /** Longest window length any monitor may have (a day: windows are also the SLO's samples). */
  public static final Duration MAX_WINDOW = Duration.ofDays(1);
}
