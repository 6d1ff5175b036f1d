package dev.aifactory.policy.loop;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persisted loop states, one per team and model group. */
public interface Loops {

  /** The loop, created idle when missing, locked until the transaction ends. */
  LoopState lock(String team, String modelGroup, Instant now);

  void save(LoopState state);

  Optional<LoopState> find(String team, String modelGroup);

  List<LoopState> list(String team);

  /**
   * Loops in {@code states} that are due ({@code cooldown_until} passed, or entered before {@code
   * enteredBefore} when they have none), locked, skipping rows other instances hold.
   */
  List<LoopState> lockDue(Instant now, int limit);

  /** When the group's schedule was last considered. */
  Optional<Instant> lastScheduleAttempt(String team, String modelGroup);

  void scheduleAttempted(String team, String modelGroup, Instant at);
}
