package dev.aifactory.gateway.endpoint;

import dev.aifactory.common.events.Deployment;
import dev.aifactory.gateway.serving.ServableModel;

/**
 * One variant of an endpoint: the model version it serves, on which backend, with what weight. A
 * shadow variant ({@code shadowSampleRate} not null) answers no request: it gets an asynchronous
 * copy of that share of the endpoint's requests, and its weight is 0. {@code backendUrl} (backend
 * {@code oip}) is the model's URL on a remote Open Inference Protocol v2 server.
 */
public record DeployedModel(
    String variant,
    String backend,
    double weight,
    ModelVersion model,
    Double shadowSampleRate,
    String backendUrl) {

  public static final String PRIMARY = "primary";

  /** A serving variant. */
  public DeployedModel(String variant, String backend, double weight, ModelVersion model) {
    this(variant, backend, weight, model, null, null);
  }

  public DeployedModel(
      String variant, String backend, double weight, ModelVersion model, Double shadowSampleRate) {
    this(variant, backend, weight, model, shadowSampleRate, null);
  }

  /** A shadow variant getting copies of {@code sampleRate} of the requests. */
  public static DeployedModel shadow(
      String variant, String backend, ModelVersion model, double sampleRate) {
    return new DeployedModel(variant, backend, 0.0, model, sampleRate);
  }

  /**
   * What the backend needs: the version's artifact for the in-process backend, the model's URL on
   * its server for a remote one.
   */
  public ServableModel servable() {
    ServableModel servable = model.servable();
    if (backendUrl == null) {
      return servable;
    }
    return new ServableModel(
        servable.team(),
        servable.modelGroup(),
        servable.version(),
        backendUrl,
        servable.objective(),
        servable.featureCount());
  }

  /** The same deployment with another weight and shadow rate (backend unchanged). */
  public DeployedModel with(String newVariant, double newWeight, Double newShadowRate) {
    return new DeployedModel(newVariant, backend, newWeight, model, newShadowRate, backendUrl);
  }

  public boolean isShadow() {
    return shadowSampleRate != null;
  }

  public Deployment toEvent() {
    return new Deployment(variant, model.modelGroup(), model.version(), backend, weight);
  }
}
