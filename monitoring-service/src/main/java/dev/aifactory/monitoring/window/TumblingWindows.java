package dev.aifactory.monitoring.window;

import java.time.Duration;
import java.time.Instant;

/** Assigns timestamps to fixed, non-overlapping windows aligned on the epoch. */
public record TumblingWindows(Duration length) {

  public TumblingWindows {
    if (length.isZero() || length.isNegative()) {
      throw new IllegalArgumentException("window length must be positive, was " + length);
    }
  }

  /** Start (inclusive) of the window containing {@code timestamp}. */
  public Instant startOf(Instant timestamp) {
    long millis = length.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(timestamp.toEpochMilli(), millis) * millis);
  }

  /** End (exclusive) of the window containing {@code timestamp}. */
  public Instant endOf(Instant timestamp) {
    return startOf(timestamp).plus(length);
  }
}
