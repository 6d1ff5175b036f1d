package dev.aifactory.gateway.serving;

/**
 * What a backend needs to serve a model version: where the artifact is ({@code file:///...} in
 * local mode), its objective ({@code binary} or {@code regression}) and how many input columns it
 * expects ({@code featureCount}, 0 when unknown).
 */
public record ServableModel(
    String team,
    String modelGroup,
    int version,
    String artifactUri,
    String objective,
    int featureCount) {

  public ModelKey key() {
    return new ModelKey(team, modelGroup, version);
  }
}
