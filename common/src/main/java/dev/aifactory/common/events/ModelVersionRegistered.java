package dev.aifactory.common.events;

import java.util.List;
import java.util.Map;

/** Training registered a new model version (status PENDING until policy decides). */
public record ModelVersionRegistered(
    String team,
    String modelGroup,
    int version,
    String runId,
    String datasetId,
    int datasetVersion,
    String objective,
    String target,
    Map<String, Double> metrics,
    String artifactUri,
    String baselineUri,
    List<String> tags,
    List<FeatureSpec> featureSchema,
    DriftBaseline baseline,
    String trigger,
    String requestedBy)
    implements DomainEvent {

  /** The shape before the fields added later; those default to null. */
  public ModelVersionRegistered(
      String team,
      String modelGroup,
      int version,
      String runId,
      String datasetId,
      int datasetVersion,
      String objective,
      String target,
      Map<String, Double> metrics,
      String artifactUri,
      String baselineUri,
      List<String> tags,
      List<FeatureSpec> featureSchema,
      DriftBaseline baseline,
      String trigger) {
    this(
        team,
        modelGroup,
        version,
        runId,
        datasetId,
        datasetVersion,
        objective,
        target,
        metrics,
        artifactUri,
        baselineUri,
        tags,
        featureSchema,
        baseline,
        trigger,
        null);
  }

  @Override
  public String eventType() {
    return "model.version-registered";
  }

  @Override
  public String topic() {
    return Topics.MODELS;
  }

  @Override
  public String key() {
    return modelGroup;
  }
}
