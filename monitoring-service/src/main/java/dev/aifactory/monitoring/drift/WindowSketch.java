package dev.aifactory.monitoring.drift;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window's traffic summarised per baseline feature and for the predictions, filled one capture at
 * a time; what drift analysis needs without keeping the window's rows.
 */
public final class WindowSketch {

  private final Map<String, FeatureSketch> features = new LinkedHashMap<>();
  private final FeatureSketch prediction;

  public WindowSketch(DriftStatistics statistics, DriftBaseline baseline) {
    List<FeatureBaseline> references =
        baseline.features() == null ? List.of() : baseline.features();
    for (FeatureBaseline reference : references) {
      features.put(reference.name(), statistics.sketch(reference));
    }
    prediction = baseline.prediction() == null ? null : statistics.sketch(baseline.prediction());
  }

  /** Adds one capture's features (missing ones are skipped) and prediction. */
  public void add(Map<String, Object> row, Double predicted) {
    if (row != null) {
      for (Map.Entry<String, FeatureSketch> feature : features.entrySet()) {
        Object value = row.get(feature.getKey());
        if (value != null) {
          feature.getValue().add(value);
        }
      }
    }
    if (prediction != null && predicted != null) {
      prediction.add(predicted);
    }
  }

  FeatureSketch feature(String name) {
    return features.get(name);
  }

  FeatureSketch prediction() {
    return prediction;
  }
}
