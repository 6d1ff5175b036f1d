package dev.aifactory.monitoring.quality;

import dev.aifactory.monitoring.Page;

/** Stored quality results, one per window and source. */
public interface QualityResults {

  /** Stores or replaces the result of the window and source. */
  void save(WindowQuality quality);

  /**
   * Records that the drop of {@code metric} in the window was alerted; true the first time only, so
   * a window's alert is published once however often its labels arrive.
   */
  boolean firstAlert(java.util.UUID windowId, String metric, boolean estimated);

  Page<WindowQuality> list(String team, String endpoint, String modelGroup, int page, int size);
}
