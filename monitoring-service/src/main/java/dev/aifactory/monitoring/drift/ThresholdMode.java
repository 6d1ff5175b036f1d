package dev.aifactory.monitoring.drift;

/** Where the drift thresholds come from ({@code aifactory.monitoring.thresholds}). */
public enum ThresholdMode {
  /** The configured p-value and distance thresholds for every feature. */
  FIXED,
  /**
   * Distances get a threshold calibrated from the reference itself (mean + 3σ of the distance
   * between reference chunks and the whole reference, scaled to the window size); p-value tests
   * keep their fixed threshold, a p-value being calibrated against sampling noise by construction.
   */
  CALIBRATED
}
