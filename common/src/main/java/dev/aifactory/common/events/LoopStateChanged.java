package dev.aifactory.common.events;

/**
 * The feedback loop of one model group moved from one state to another (idle, retraining,
 * evaluating, awaiting-approval, rolling-out, promoted, rolled-back, cooling-down).
 */
public record LoopStateChanged(
    String team, String modelGroup, String from, String to, String reason, String decisionId)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "policy.loop-state-changed";
  }

  @Override
  public String topic() {
    return Topics.POLICY;
  }

  @Override
  public String key() {
    return modelGroup;
  }
}
