package dev.aifactory.monitoring.window;

import dev.aifactory.monitoring.MonitoringProperties;
import dev.aifactory.monitoring.MonitoringProperties.PartitionInterval;
import dev.aifactory.monitoring.window.WindowPartitions.Partition;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the window table's time partitions: creates the current and {@code partitions-ahead} next
 * ones before windows need them, and drops whole partitions once all their windows are older than
 * {@code window-retention} (dropping a partition costs nothing next to deleting its rows).
 */
@Component
public class WindowRetention {

  private static final Logger log = LoggerFactory.getLogger(WindowRetention.class);
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final WindowPartitions partitions;
  private final MonitoringProperties properties;
  private final Clock clock;

  WindowRetention(WindowPartitions partitions, MonitoringProperties properties, Clock clock) {
    this.partitions = partitions;
    this.properties = properties;
    this.clock = clock;
  }

  /** What one maintenance run did. */
  public record Outcome(List<String> created, List<String> dropped, int purged) {}

  @Scheduled(initialDelay = 0, fixedDelayString = "${aifactory.monitoring.purge-interval:1h}")
  public void maintainScheduled() {
    try {
      maintain(clock.instant());
    } catch (RuntimeException e) {
      log.warn("Window partition maintenance failed, will retry: {}", e.getMessage(), e);
    }
  }

  @Transactional
  public Outcome maintain(Instant now) {
    List<String> created = new ArrayList<>();
    LocalDate start = periodStart(LocalDate.ofInstant(now, ZoneOffset.UTC));
    for (int i = 0; i <= properties.partitionsAhead(); i++) {
      LocalDate end = next(start);
      Partition partition = new Partition("windows_p" + NAME.format(start), utc(start), utc(end));
      if (partitions.create(partition)) {
        created.add(partition.name());
      }
      start = end;
    }
    Instant cutoff = now.minus(properties.windowRetention());
    List<String> dropped = new ArrayList<>();
    for (Partition partition : partitions.list()) {
      if (!partition.to().isAfter(cutoff)) {
        partitions.drop(partition);
        dropped.add(partition.name());
      }
    }
    int purged = partitions.purgeDefaultBefore(cutoff) + partitions.purgeRecordsBefore(cutoff);
    if (!created.isEmpty() || !dropped.isEmpty() || purged > 0) {
      log.info(
          "Window partitions created {}, dropped {} (older than {}), {} old rows purged",
          created,
          dropped,
          cutoff,
          purged);
    }
    return new Outcome(created, dropped, purged);
  }

  private LocalDate periodStart(LocalDate day) {
    return properties.partitionInterval() == PartitionInterval.MONTH ? day.withDayOfMonth(1) : day;
  }

  private LocalDate next(LocalDate start) {
    return properties.partitionInterval() == PartitionInterval.MONTH
        ? start.plusMonths(1)
        : start.plusDays(1);
  }

  private static Instant utc(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
