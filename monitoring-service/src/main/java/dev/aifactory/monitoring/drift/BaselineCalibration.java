package dev.aifactory.monitoring.drift;

import java.util.Map;

/**
 * Calibrated distance thresholds of a baseline, computed once when the model version is registered.
 * Features measured by a p-value test have no entry (their threshold stays fixed).
 */
public record BaselineCalibration(
    Map<String, FeatureCalibration> features, FeatureCalibration prediction) {

  public static final BaselineCalibration NONE = new BaselineCalibration(Map.of(), null);

  FeatureCalibration feature(String name) {
    return features == null ? null : features.get(name);
  }
}
