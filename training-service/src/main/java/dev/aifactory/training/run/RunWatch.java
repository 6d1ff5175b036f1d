package dev.aifactory.training.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Follows one executing run: stores its rounds (batched, so a fast trainer does not write a row per
 * millisecond) and tells the launcher to stop when the run was cancelled (in this process, or by
 * another one: the store then refuses the rounds) or has used up its time.
 */
final class RunWatch implements RunProgress {

  /** Why the launcher was asked to stop. */
  enum Stop {
    NONE,
    CANCELLED,
    TIMED_OUT
  }

  static final Duration FLUSH_EVERY = Duration.ofMillis(250);

  private final UUID runId;
  private final TrainingRuns runs;
  private final BooleanSupplier cancelRequested;
  private final Clock clock;
  private final Instant deadline;
  private final RunLogs logs;
  private final int logEvery;
  private final List<Iteration> pending = new ArrayList<>();
  private Instant lastFlush;
  private int lastRound = -1;
  private Stop stop = Stop.NONE;

  RunWatch(
      UUID runId,
      TrainingRuns runs,
      BooleanSupplier cancelRequested,
      Clock clock,
      Duration timeout,
      RunLogs logs,
      int logEvery) {
    this.runId = runId;
    this.logs = logs;
    this.logEvery = Math.max(1, logEvery);
    this.runs = runs;
    this.cancelRequested = cancelRequested;
    this.clock = clock;
    this.lastFlush = clock.instant();
    this.deadline = lastFlush.plus(timeout);
  }

  @Override
  public boolean round(Iteration iteration) {
    pending.add(iteration);
    lastRound = iteration.round();
    if (iteration.round() % logEvery == 0) {
      logs.append(
          runId, RunLogs.Level.INFO, "round " + iteration.round() + ": " + metrics(iteration));
    }
    if (cancelRequested.getAsBoolean()) {
      stop = Stop.CANCELLED;
      return false;
    }
    Instant now = clock.instant();
    if (now.isAfter(deadline)) {
      flush();
      stop = Stop.TIMED_OUT;
      return false;
    }
    if (!Duration.between(lastFlush, now).minus(FLUSH_EVERY).isNegative() && !flush()) {
      stop = Stop.CANCELLED;
      return false;
    }
    return true;
  }

  @Override
  public boolean shouldContinue() {
    if (cancelRequested.getAsBoolean()) {
      stop = Stop.CANCELLED;
      return false;
    }
    if (overdue()) {
      stop = Stop.TIMED_OUT;
      return false;
    }
    // Another instance may have cancelled it: the stored status is the truth.
    if (runs.find(runId).map(r -> r.status() != RunStatus.RUNNING).orElse(true)) {
      stop = Stop.CANCELLED;
      return false;
    }
    return true;
  }

  @Override
  public void note(String message) {
    logs.append(runId, RunLogs.Level.INFO, message);
  }

  static String metrics(Iteration iteration) {
    StringBuilder out = new StringBuilder();
    iteration
        .metrics()
        .forEach(
            (name, value) ->
                out.append(out.isEmpty() ? "" : ", ")
                    .append(name)
                    .append('=')
                    .append(String.format(java.util.Locale.ROOT, "%.5f", value)));
    return out.toString();
  }

  /** True when the time is up even though no round reported it (e.g. a slow data load). */
  boolean overdue() {
    return clock.instant().isAfter(deadline);
  }

  /**
   * Stores the rounds not stored yet.
   *
   * @return false when the run is no longer RUNNING
   */
  boolean flush() {
    lastFlush = clock.instant();
    if (pending.isEmpty()) {
      return true;
    }
    boolean running = runs.appendIterations(runId, List.copyOf(pending));
    pending.clear();
    return running;
  }

  Stop stop() {
    return stop;
  }

  int lastRound() {
    return lastRound;
  }
}
