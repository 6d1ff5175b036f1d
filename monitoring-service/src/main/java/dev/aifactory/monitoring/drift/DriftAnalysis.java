package dev.aifactory.monitoring.drift;

import dev.aifactory.common.events.FeatureDrift;
import java.util.List;

/**
 * Drift of one window against a model version's baseline. {@code driftShare} counts features only
 * (the prediction is reported but not part of the share).
 */
public record DriftAnalysis(
    List<FeatureDrift> features, FeatureDrift prediction, double driftShare, boolean datasetDrift) {

  public static final DriftAnalysis NONE = new DriftAnalysis(List.of(), null, 0.0, false);
}
