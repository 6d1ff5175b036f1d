package dev.aifactory.policy.budgets;

import java.time.Instant;
import java.util.Optional;

/** Stored budgets and monitoring's budget signals. */
public interface Budgets {

  /** Creates or replaces the team's budget; true if it was created. */
  boolean put(Budget budget);

  Optional<Budget> find(String team);

  void signal(BudgetSignal signal);

  /** The strongest signal (hard before soft) received for the team since {@code from}. */
  Optional<BudgetSignal> strongestSignal(String team, Instant from);
}
