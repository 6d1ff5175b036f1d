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
   * Moves up to {@code limit} of the oldest queued runs to RUNNING, skipping rows another
   * dispatcher holds, and returns them.
   */
  List<TrainingRun> claimQueued(int limit);

  void succeeded(
      UUID id, int modelVersion, Map<String, Double> metrics, long durationMs, double cost);

  void failed(UUID id, String error, long durationMs, double cost);

  /** Puts runs left RUNNING (by a process that died) back in the queue, except {@code live}. */
  int requeueRunning(Collection<UUID> live);
}
