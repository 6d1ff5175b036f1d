package dev.aifactory.gateway.endpoint;

import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ServableModel;
import java.util.List;

/**
 * A model version as the gateway knows it from {@code model.alias-moved} or {@code
 * model.version-registered}.
 */
public record ModelVersion(
    String team,
    String modelGroup,
    int version,
    String artifactUri,
    String objective,
    List<FeatureSpec> featureSchema) {

  public ModelVersion {
    featureSchema = featureSchema == null ? List.of() : List.copyOf(featureSchema);
  }

  static ModelVersion of(ModelAliasMoved moved) {
    return new ModelVersion(
        moved.team(),
        moved.modelGroup(),
        moved.toVersion(),
        moved.artifactUri(),
        moved.objective(),
        moved.featureSchema());
  }

  static ModelVersion of(ModelVersionRegistered registered) {
    return new ModelVersion(
        registered.team(),
        registered.modelGroup(),
        registered.version(),
        registered.artifactUri(),
        registered.objective(),
        registered.featureSchema());
  }

  public ModelKey key() {
    return new ModelKey(team, modelGroup, version);
  }

  public ServableModel servable() {
    return new ServableModel(
        team, modelGroup, version, artifactUri, objective, featureSchema.size());
  }
}
