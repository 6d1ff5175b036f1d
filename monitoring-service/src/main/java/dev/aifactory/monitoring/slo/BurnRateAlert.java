package dev.aifactory.monitoring.slo;

import java.time.Duration;
import java.util.List;

/**
 * A multi-window burn-rate alert (Google SRE workbook, ch. 5): fires when the error budget burns at
 * least {@code threshold} times faster than the period allows over both the long window (it is
 * significant) and the short one (it is still happening, so the alert resets quickly).
 */
public record BurnRateAlert(Duration longWindow, Duration shortWindow, double threshold) {

  /** Page at 14.4× (2 % of a 30-day budget in an hour), ticket at 6× (5 % in 6 hours). */
  public static final List<BurnRateAlert> STANDARD =
      List.of(
          new BurnRateAlert(Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
          new BurnRateAlert(Duration.ofHours(6), Duration.ofMinutes(30), 6));

  /** Stable name of the alert, e.g. {@code 1h/5m}. */
  public String name() {
    return label(longWindow) + "/" + label(shortWindow);
  }

  public static String label(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }
}
