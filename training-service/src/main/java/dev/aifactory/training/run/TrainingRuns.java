package dev.aifactory.training.run;

import dev.aifactory.training.Page;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stored training runs. */
public interface TrainingRuns {

  /**
   * Creates a run unless one with the same request id exists.
   *
   * @return true if this call created it
   */
  boolean create(UUID id, TrainingRunSpec spec, RunStatus status, String error);

  Optional<TrainingRun> find(UUID id);

  Optional<TrainingRun> findByRequestId(String requestId);

  Page<TrainingRun> list(String team, String modelGroup, RunStatus status, int page, int size);

  /**
   * Moves up to {@code limit} queued runs to RUNNING, fairly across teams (a team's next run queues
   * behind other teams' runs with fewer running or earlier turns; oldest first within a team),
   * skipping rows another dispatcher holds, and returns them.
   */
  List<TrainingRun> claimQueued(int limit);

  /**
   * Records success of a RUNNING run.
   *
   * @return false when the run is no longer RUNNING (it was cancelled meanwhile)
   */
  boolean succeeded(
      UUID id, int modelVersion, Map<String, Double> metrics, long durationMs, double cost);

  /**
   * Records failure of a RUNNING run.
   *
   * @return false when the run is no longer RUNNING
   */
  boolean failed(UUID id, String error, long durationMs, double cost);

  /**
   * Puts a RUNNING run back in the queue after an infrastructure failure, noting why.
   *
   * @return false when the run is no longer RUNNING
   */
  boolean retry(UUID id, String error);

  /**
   * Appends evaluated rounds to a RUNNING run.
   *
   * @return false when the run is no longer RUNNING: its worker should stop
   */
  boolean appendIterations(UUID id, List<Iteration> iterations);

  /**
   * Cancels a QUEUED or RUNNING run.
   *
   * @return false when the run had already finished
   */
  boolean cancel(UUID id, String cancelledBy);

  /**
   * Records that admission let a RUNNING run launch, under policy's {@code decisionId}, so a retry
   * after an infrastructure failure is not admitted twice.
   */
  void admitted(UUID id, String decisionId);

  /**
   * Ends a RUNNING run as REJECTED with the reasons admission gave.
   *
   * @return false when the run is no longer RUNNING
   */
  boolean rejected(UUID id, List<String> reasons, String decisionId, long durationMs);

  /**
   * Puts a RUNNING run back in the queue because admission could not be asked: not claimed again
   * before {@code delay} is over, and the attempt does not count against the retries.
   *
   * @return false when the run is no longer RUNNING
   */
  boolean awaitAdmission(UUID id, String note, java.time.Duration delay);

  /** Puts runs left RUNNING (by a process that died) back in the queue, except {@code live}. */
  int requeueRunning(Collection<UUID> live);
}
