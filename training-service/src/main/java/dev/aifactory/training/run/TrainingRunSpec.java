package dev.aifactory.training.run;

import java.util.List;
import java.util.Map;

/**
 * What to train, as requested: the fields a new run starts with. {@code requestId} is unique: a
 * second spec with the same id never creates a second run.
 */
public record TrainingRunSpec(
    String team,
    String requestId,
    String requestHash,
    String modelGroup,
    String datasetId,
    int datasetVersion,
    String datasetLocation,
    List<String> datasetTags,
    String target,
    String objective,
    Map<String, String> hyperparameters,
    String trigger,
    String reason,
    String requestedBy,
    String decisionId) {}
