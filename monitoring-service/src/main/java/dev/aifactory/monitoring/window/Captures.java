package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import java.util.List;
import java.util.UUID;

/** Captured inferences stored per window, so a restart before evaluation loses nothing. */
public interface Captures {

  /** Stores the records; a request id already in the window is ignored. Returns how many new. */
  int append(UUID windowId, List<CapturedInference> records);

  List<CapturedInference> of(UUID windowId);

  /**
   * Streams the window's captures to {@code each}, in capture order, without holding them all (rows
   * are fetched in chunks within the caller's transaction).
   */
  void forEach(UUID windowId, java.util.function.Consumer<CapturedInference> each);

  /** Deletes captures taken before {@code cutoff}; returns how many. */
  int purgeBefore(java.time.Instant cutoff);
}
