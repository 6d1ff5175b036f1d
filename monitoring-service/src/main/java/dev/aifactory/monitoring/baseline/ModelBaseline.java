package dev.aifactory.monitoring.baseline;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.monitoring.drift.BaselineCalibration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The training-time reference of one model version, against which its traffic is compared: the
 * drift baseline with its calibrated thresholds ({@code null} for baselines stored before
 * calibration existed), and the training metrics measured quality is compared with.
 */
public record ModelBaseline(
    String team,
    String modelGroup,
    int version,
    String objective,
    List<FeatureSpec> featureSchema,
    DriftBaseline baseline,
    Instant registeredAt,
    Map<String, Double> trainingMetrics,
    BaselineCalibration calibration) {}
