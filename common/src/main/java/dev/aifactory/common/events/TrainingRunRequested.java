package dev.aifactory.common.events;

import java.util.List;
import java.util.Map;

/**
 * A request to train a model group on a dataset version. {@code requestId} makes it idempotent:
 * training starts at most one run per request id. {@code trigger} is one of manual, ci, drift,
 * schedule, data.
 */
public record TrainingRunRequested(
    String team,
    String requestId,
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
    String decisionId)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "training.run-requested";
  }

  @Override
  public String topic() {
    return Topics.TRAINING;
  }

  @Override
  public String key() {
    return modelGroup;
  }
}
