package dev.aifactory.monitoring.violation;

import java.time.Instant;
import java.util.UUID;

/**
 * Something a monitor found wrong: {@code subject} names what (drifted dataset, metric, SLO alert,
 * missing feature), {@code count} how many captures it concerned where that applies.
 */
public record Violation(
    UUID id,
    String team,
    String endpoint,
    String modelGroup,
    Integer version,
    UUID windowId,
    Kind kind,
    String subject,
    String detail,
    Long count,
    Instant occurredAt) {

  /** Kinds of violation. */
  public enum Kind {
    DRIFT,
    QUALITY,
    SLO,
    MISSING_COLUMN
  }
}
