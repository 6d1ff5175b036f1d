package dev.aifactory.policy.runs;

import java.time.Instant;
import java.util.Optional;

/**
 * What policy knows of training: who requested each run (for separation of duties) and what
 * completed runs cost (for budgets). Fed from aifactory.training, where requests (keyed by model
 * group) and runs (keyed by run id) may arrive in any order relative to each other.
 */
public interface TrainingRuns {

  void requested(
      String requestId, String team, String modelGroup, String requestedBy, String trigger);

  void started(String runId, String requestId, String team, String modelGroup, String trigger);

  void completed(
      String runId, String team, String modelGroup, String trigger, double costUsd, Instant at);

  /** Who requested the run, once both its request and its start are known. */
  Optional<String> requester(String runId);

  /** How many runs were requested for the group since {@code from}, whatever the trigger. */
  int requestsSince(String team, String modelGroup, Instant from);

  /** When a run was last requested for the group, whatever the trigger. */
  Optional<Instant> lastRequest(String team, String modelGroup);

  /** The sum of the team's completed runs' cost since {@code from}. */
  double spend(String team, Instant from);
}
