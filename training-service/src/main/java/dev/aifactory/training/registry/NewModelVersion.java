package dev.aifactory.training.registry;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A trained model to register, with its lineage, who asked for the run that trained it, its
 * diagnostics and, when SageMaker trained it, the model package it mirrors.
 */
public record NewModelVersion(
    String team,
    String modelGroup,
    UUID runId,
    String datasetId,
    int datasetVersion,
    String objective,
    String target,
    String trigger,
    List<String> tags,
    byte[] model,
    Map<String, Double> metrics,
    List<FeatureSpec> featureSchema,
    DriftBaseline baseline,
    Map<String, String> params,
    Map<String, Integer> labelMapping,
    String requestedBy,
    Diagnostics diagnostics,
    String modelPackageArn) {}
