package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import java.util.List;
import java.util.UUID;

/** Captured inferences stored per window, so a restart before evaluation loses nothing. */
public interface Captures {

  /** Stores the records; a request id already in the window is ignored. Returns how many new. */
  int append(UUID windowId, List<CapturedInference> records);

  List<CapturedInference> of(UUID windowId);

  /** Deletes captures taken before {@code cutoff}; returns how many. */
  int purgeBefore(java.time.Instant cutoff);
}
