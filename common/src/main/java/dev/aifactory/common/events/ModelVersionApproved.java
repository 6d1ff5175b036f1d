package dev.aifactory.common.events;

import java.util.List;

/** Policy (or a human through policy) approved a model version for deployment. */
public record ModelVersionApproved(
    String team, String modelGroup, int version, String decisionId, List<String> reasons)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "model.version-approved";
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
