package dev.aifactory.monitoring.alarm;

import dev.aifactory.monitoring.MonitoringProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Two alarms per endpoint, defined the first time one of its windows is evaluated: drift share at
 * or above the dataset-drift share, and error rate at or above {@code alarm-error-rate}, both on
 * the per-endpoint gauges ({@code aifactory.monitoring.endpoint.*}, dimensions team and endpoint).
 * A failure is logged and retried with the endpoint's next window; it never fails an evaluation.
 */
@Service
public class EndpointAlarms {

  public static final String DRIFT_SHARE = "aifactory.monitoring.endpoint.drift.share";
  public static final String ERROR_RATE = "aifactory.monitoring.endpoint.error.rate";

  private static final Logger log = LoggerFactory.getLogger(EndpointAlarms.class);

  private final Alarms alarms;
  private final MonitoringProperties properties;
  private final Set<String> defined = ConcurrentHashMap.newKeySet();

  public EndpointAlarms(Alarms alarms, MonitoringProperties properties) {
    this.alarms = alarms;
    this.properties = properties;
  }

  /** Defines the endpoint's alarms unless done already; true when they are (now) defined. */
  public boolean ensure(String team, String endpoint) {
    String key = team + "/" + endpoint;
    if (defined.contains(key)) {
      return true;
    }
    try {
      for (MetricAlarm alarm : alarmsOf(team, endpoint)) {
        alarms.put(alarm);
      }
      defined.add(key);
      return true;
    } catch (AlarmsUnavailable e) {
      log.warn("Alarms of endpoint {} not defined, retried later: {}", key, e.getMessage());
      return false;
    }
  }

  /** The alarms of one endpoint. */
  public List<MetricAlarm> alarmsOf(String team, String endpoint) {
    Map<String, String> dimensions = Map.of("team", team, "endpoint", endpoint);
    int period = (int) Math.max(60, properties.windowLength().toSeconds());
    return List.of(
        new MetricAlarm(
            "aifactory-" + team + "-" + endpoint + "-drift-share",
            "Share of drifted features on endpoint " + endpoint,
            DRIFT_SHARE,
            dimensions,
            properties.driftShareThreshold(),
            period,
            1),
        new MetricAlarm(
            "aifactory-" + team + "-" + endpoint + "-error-rate",
            "Error rate of endpoint " + endpoint,
            ERROR_RATE,
            dimensions,
            properties.alarmErrorRate(),
            period,
            1));
  }
}
