package dev.aifactory.common.events;

import java.util.List;
import java.util.Map;

/**
 * An alias (such as {@code champion}) of a model group now points at {@code toVersion}. Carries
 * what a server needs to load the version, so the gateway needs no call back to training.
 */
public record ModelAliasMoved(
    String team,
    String modelGroup,
    String alias,
    Integer fromVersion,
    int toVersion,
    String artifactUri,
    String objective,
    List<FeatureSpec> featureSchema,
    Map<String, Double> metrics)
    implements DomainEvent {

  public static final String CHAMPION = "champion";

  @Override
  public String eventType() {
    return "model.alias-moved";
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
