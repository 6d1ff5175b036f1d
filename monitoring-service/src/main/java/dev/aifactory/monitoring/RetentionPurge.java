package dev.aifactory.monitoring;

import dev.aifactory.monitoring.quality.GroundTruth;
import dev.aifactory.monitoring.window.Captures;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Raw captures are kept only as long as labels may still arrive for them ({@code
 * capture-retention}, default 7 days); window results and quality stay. Labels go with them.
 */
@Component
public class RetentionPurge {

  private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

  private final Captures captures;
  private final GroundTruth groundTruth;
  private final MonitoringProperties properties;
  private final Clock clock;

  RetentionPurge(
      Captures captures, GroundTruth groundTruth, MonitoringProperties properties, Clock clock) {
    this.captures = captures;
    this.groundTruth = groundTruth;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${aifactory.monitoring.purge-interval:1h}",
      initialDelayString = "${aifactory.monitoring.purge-interval:1h}")
  public void purgeExpired() {
    try {
      purgeBefore(clock.instant().minus(properties.captureRetention()));
    } catch (RuntimeException e) {
      log.warn("Purge of expired captures failed, will retry: {}", e.getMessage(), e);
    }
  }

  /** Deletes captures captured and labels received before {@code cutoff}; returns the captures. */
  @Transactional
  public int purgeBefore(Instant cutoff) {
    int purged = captures.purgeBefore(cutoff);
    int labels = groundTruth.purgeBefore(cutoff);
    if (purged > 0 || labels > 0) {
      log.info("Purged {} captures and {} labels older than {}", purged, labels, cutoff);
    }
    return purged;
  }
}
