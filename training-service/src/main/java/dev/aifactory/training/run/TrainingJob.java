package dev.aifactory.training.run;

import java.util.Map;
import java.util.UUID;

/**
 * What a launcher trains: the data at {@code datasetLocation}, {@code target} against every other
 * column. {@code columnTypes} (numeric/categorical) comes from the dataset's schema when known.
 */
public record TrainingJob(
    UUID runId,
    String modelGroup,
    String datasetLocation,
    String target,
    Objective objective,
    Map<String, String> hyperparameters,
    Map<String, String> columnTypes) {}
