package dev.aifactory.gateway.endpoint;

import dev.aifactory.common.events.Deployment;

/** One variant of an endpoint: the model version it serves, on which backend, with what weight. */
public record DeployedModel(String variant, String backend, double weight, ModelVersion model) {

  public static final String PRIMARY = "primary";

  public Deployment toEvent() {
    return new Deployment(variant, model.modelGroup(), model.version(), backend, weight);
  }
}
