package dev.aifactory.monitoring.window;

import java.util.Optional;
import java.util.UUID;

/** The stored {@link WindowAggregate} of each open window, as bytes. */
public interface WindowAggregates {

  /**
   * Locks the window's state for the caller's transaction (concurrent batches of one window are
   * applied one after the other) and returns it; empty when none was stored yet.
   */
  Optional<byte[]> lock(UUID windowId);

  /** The state without locking (the evaluator holds the window itself). */
  Optional<byte[]> find(UUID windowId);

  void save(UUID windowId, byte[] state);

  void delete(UUID windowId);
}
