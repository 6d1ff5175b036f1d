package dev.aifactory.common.events;

import java.util.List;

/**
 * Policy made a decision. {@code effect} is allow, deny, warn or pending-approval; {@code
 * attachmentPoint} names where (training-trigger, promotion, retraining, rollout).
 */
public record DecisionRecorded(
    String team,
    String decisionId,
    String subject,
    String attachmentPoint,
    String policy,
    int policyVersion,
    String effect,
    String inputsDigest,
    List<String> reasons)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "policy.decision-recorded";
  }

  @Override
  public String topic() {
    return Topics.POLICY;
  }

  @Override
  public String key() {
    return subject;
  }
}
