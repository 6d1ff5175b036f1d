package dev.aifactory.training.run;

import java.util.List;
import java.util.Map;

/**
 * What to train, as requested: the fields a new run starts with. {@code requestId} is unique: a
 * second spec with the same id never creates a second run. {@code principal} is whose grant on the
 * dataset admission checks (null: the team's).
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
    String decisionId,
    String principal) {

  /** A spec whose grant is checked for the team ({@code team:<team>}), as for event requests. */
  public TrainingRunSpec(
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
      String decisionId) {
    this(
        team,
        requestId,
        requestHash,
        modelGroup,
        datasetId,
        datasetVersion,
        datasetLocation,
        datasetTags,
        target,
        objective,
        hyperparameters,
        trigger,
        reason,
        requestedBy,
        decisionId,
        null);
  }
}
