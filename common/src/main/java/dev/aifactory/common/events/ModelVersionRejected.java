package dev.aifactory.common.events;

import java.util.List;

/** Policy rejected a model version; it will not be deployed. */
public record ModelVersionRejected(
    String team, String modelGroup, int version, String decisionId, List<String> reasons)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "model.version-rejected";
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
