package dev.aifactory.training.run;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import java.util.List;
import java.util.Map;

/**
 * A trained model: the XGBoost model in its UBJSON format, validation metrics, the input schema,
 * the drift baseline, the effective parameters and, for a binary target given as two labels, which
 * label became 0 and which 1.
 */
public record TrainedModel(
    byte[] model,
    Map<String, Double> metrics,
    List<FeatureSpec> featureSchema,
    DriftBaseline baseline,
    Map<String, String> params,
    Map<String, Integer> labelMapping,
    double cpuSeconds) {}
