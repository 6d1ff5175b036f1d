package dev.aifactory.monitoring.alarm;

/** Where alarms on monitoring's metrics are defined (CloudWatch in AWS mode). */
public interface Alarms {

  /**
   * Creates or replaces the alarm (same name: updated).
   *
   * @throws AlarmsUnavailable when the alarm service refused or could not be reached, after retries
   */
  void put(MetricAlarm alarm);
}
