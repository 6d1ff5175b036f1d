package dev.aifactory.training.registry;

import dev.aifactory.common.events.FeatureSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A registered model: its metrics, where its artifact and baseline are, and its lineage (dataset
 * version, run, parameters, trigger).
 */
public record ModelVersion(
    String modelGroup,
    int version,
    String team,
    UUID runId,
    VersionStatus status,
    String objective,
    String target,
    Map<String, Double> metrics,
    Map<String, String> params,
    String trigger,
    String datasetId,
    int datasetVersion,
    List<String> tags,
    List<FeatureSpec> featureSchema,
    Map<String, Integer> labelMapping,
    String artifactUri,
    String artifactSha256,
    String baselineUri,
    String decisionId,
    Instant createdAt,
    Instant decidedAt,
    String requestedBy,
    Diagnostics diagnostics,
    String modelPackageArn,
    ModelCard.Edits cardEdits) {}
