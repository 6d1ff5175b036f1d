package dev.aifactory.training.run;

/** Where a launcher reports each finished round, and learns whether to go on. */
@FunctionalInterface
public interface RunProgress {

  /** For callers that do not follow progress. */
  RunProgress IGNORED = iteration -> true;

  /**
   * Reports a finished round.
   *
   * @return false when the run must stop (cancelled or out of time): the launcher then throws
   *     {@link TrainingStopped}
   */
  boolean round(Iteration iteration);

  /**
   * For launchers without rounds to report (remote jobs polled for status): false when the run must
   * stop.
   */
  default boolean shouldContinue() {
    return true;
  }

  /** Something worth a line in the run's log (early stopping, a refit, a remote step's state). */
  default void note(String message) {}
}
