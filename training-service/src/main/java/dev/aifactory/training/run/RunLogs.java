package dev.aifactory.training.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The log lines of each run, in the order they were written. */
public interface RunLogs {

  /** Appends a line; visible to readers at once (not part of the caller's transaction). */
  void append(UUID runId, Level level, String message);

  /** Lines {@code offset} to {@code offset + limit - 1} (0-based) and how many the run has. */
  Lines read(UUID runId, long offset, int limit);

  enum Level {
    INFO,
    WARN,
    ERROR
  }

  /** One line; {@code offset} is its position in the run's log. */
  record Line(long offset, Instant at, Level level, String message) {}

  record Lines(List<Line> lines, long total) {}
}
