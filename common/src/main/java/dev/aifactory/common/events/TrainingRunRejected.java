package dev.aifactory.common.events;

import java.util.List;

/**
 * A training run was refused at admission (policy denied it, or the team lacks a READ grant on the
 * data) and never started. Before this type existed a rejection was published as {@code
 * training.run-failed} with an error starting {@code "rejected: "}; consumers that must read old
 * streams accept both.
 *
 * @param reasons why, in words, one per failed check
 * @param decisionId the policy decision that denied it, or {@code null} when the data-access check
 *     refused it before policy was asked
 */
public record TrainingRunRejected(
    String team,
    String runId,
    String modelGroup,
    List<String> reasons,
    String decisionId,
    long durationMs,
    String trigger)
    implements DomainEvent {

  public TrainingRunRejected {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  @Override
  public String eventType() {
    return "training.run-rejected";
  }

  @Override
  public String topic() {
    return Topics.TRAINING;
  }

  @Override
  public String key() {
    return runId;
  }
}
