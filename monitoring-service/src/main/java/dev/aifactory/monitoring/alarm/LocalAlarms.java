package dev.aifactory.monitoring.alarm;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Local mode: alarm definitions are kept in memory and logged (Prometheus alert rules play the part
 * locally); {@code aifactory.monitoring.alarms=aws} defines them in CloudWatch instead.
 */
@Component
@ConditionalOnProperty(
    name = "aifactory.monitoring.alarms",
    havingValue = "local",
    matchIfMissing = true)
class LocalAlarms implements Alarms {

  private static final Logger log = LoggerFactory.getLogger(LocalAlarms.class);

  private final Map<String, MetricAlarm> alarms = new ConcurrentHashMap<>();

  @Override
  public void put(MetricAlarm alarm) {
    if (!alarm.equals(alarms.put(alarm.name(), alarm))) {
      log.info(
          "Alarm {}: {} {} >= {}",
          alarm.name(),
          alarm.metricName(),
          alarm.dimensions(),
          alarm.threshold());
    }
  }

  Optional<MetricAlarm> find(String name) {
    return Optional.ofNullable(alarms.get(name));
  }
}
