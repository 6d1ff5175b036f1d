package dev.aifactory.monitoring.baseline;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import java.time.Instant;
import java.util.List;

/** The training-time reference of one model version, against which its traffic is compared. */
public record ModelBaseline(
    String team,
    String modelGroup,
    int version,
    String objective,
    List<FeatureSpec> featureSchema,
    DriftBaseline baseline,
    Instant registeredAt) {}
