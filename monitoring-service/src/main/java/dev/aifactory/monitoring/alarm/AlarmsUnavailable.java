package dev.aifactory.monitoring.alarm;

/** The alarm service refused (throttling past the retries, say) or could not be reached. */
public class AlarmsUnavailable extends RuntimeException {

  public AlarmsUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
