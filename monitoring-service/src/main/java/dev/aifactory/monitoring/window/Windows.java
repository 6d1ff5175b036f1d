package dev.aifactory.monitoring.window;

import dev.aifactory.monitoring.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored windows and their results. */
public interface Windows {

  /**
   * The window with this key, created open if new, locked against concurrent closing until the
   * caller's transaction ends (so a capture either joins an open window or sees it closed).
   */
  MonitoringWindow openForAppend(WindowKey key);

  /** Open windows whose end is at or before {@code cutoff}, oldest first. */
  List<UUID> dueBy(Instant cutoff, int limit);

  /** The window if it is still open, locked for closing; empty if closed or locked elsewhere. */
  Optional<MonitoringWindow> lockOpen(UUID id);

  /**
   * Ids of the windows of an endpoint variant starting at {@code from}, any version when {@code
   * version} is null, the one with most captures first.
   */
  List<UUID> idsAt(String team, String endpoint, String variant, Integer version, Instant from);

  void close(UUID id, WindowStatus status, WindowResult result);

  Optional<MonitoringWindow> find(String team, UUID id);

  Page<MonitoringWindow> list(WindowFilter filter, int page, int size);

  /** List filter; null fields do not filter. {@code team} is always set. */
  record WindowFilter(String team, String endpoint, String modelGroup, boolean driftOnly) {}
}
