package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import java.util.List;
import java.util.UUID;

/** Captured inferences stored per window, so a restart before evaluation loses nothing. */
public interface Captures {

  /**
   * Stores the records; a request id already in the window is ignored. Returns the records stored
   * now (with the request id they were stored under).
   */
  List<CapturedInference> append(UUID windowId, List<CapturedInference> records);

  /** How many captures the window has. */
  long count(UUID windowId);

  /**
   * The features of up to {@code limit} of the window's captures, a uniform sample chosen by a hash
   * of the request id (all of them when the window has fewer), read through an index.
   */
  List<java.util.Map<String, Object>> sample(UUID windowId, int limit);

  List<CapturedInference> of(UUID windowId);

  /**
   * Streams the window's captures to {@code each}, in capture order, without holding them all (rows
   * are fetched in chunks within the caller's transaction).
   */
  void forEach(UUID windowId, java.util.function.Consumer<CapturedInference> each);

  /** Deletes captures taken before {@code cutoff}; returns how many. */
  int purgeBefore(java.time.Instant cutoff);
}
