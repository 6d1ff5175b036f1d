package dev.aifactory.dashboard.pages;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** How values read on the pages (templates call it as {@code @fmt}). Times are UTC. */
@Component("fmt")
public class Formats {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  public String time(Instant instant) {
    return instant == null ? "—" : TIME.format(instant);
  }

  /** An ISO timestamp for {@code <time datetime>}. */
  public String iso(Instant instant) {
    return instant == null ? "" : instant.toString();
  }

  public String number(Number value) {
    if (value == null) {
      return "—";
    }
    double v = value.doubleValue();
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  public String percent(Number share) {
    return share == null ? "—" : String.format(Locale.ROOT, "%.0f %%", share.doubleValue() * 100);
  }

  /** A number with at most two decimals and no trailing zeros: 14.40 → "14.4". */
  public String decimal(Number value) {
    if (value == null) {
      return "—";
    }
    return java.math.BigDecimal.valueOf(value.doubleValue())
        .setScale(2, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** A share as a percentage with up to two decimals: 0.995 → "99.5 %". */
  public String pct(Number share) {
    if (share == null) {
      return "—";
    }
    java.math.BigDecimal value =
        java.math.BigDecimal.valueOf(share.doubleValue() * 100)
            .setScale(2, java.math.RoundingMode.HALF_UP)
            .stripTrailingZeros();
    return value.toPlainString() + " %";
  }

  public String duration(Long millis) {
    if (millis == null) {
      return "—";
    }
    if (millis < 1000) {
      return millis + " ms";
    }
    Duration d = Duration.ofMillis(millis);
    if (d.toMinutes() < 1) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }

  public String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  public String metrics(Map<String, Double> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return "—";
    }
    return metrics.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + number(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  public String map(Map<String, ?> values) {
    if (values == null || values.isEmpty()) {
      return "—";
    }
    return values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  public String shortHash(String hash) {
    return hash == null || hash.length() <= 12 ? String.valueOf(hash) : hash.substring(0, 12) + "…";
  }
}
