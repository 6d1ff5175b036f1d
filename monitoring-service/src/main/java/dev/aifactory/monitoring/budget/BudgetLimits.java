package dev.aifactory.monitoring.budget;

import java.util.Optional;

/** Team budgets, owned by policy-service. */
public interface BudgetLimits {

  /**
   * The team's budget; empty when the team has none.
   *
   * @throws BudgetLimitsUnavailable when policy cannot be asked (down, refuses the client, times
   *     out)
   */
  Optional<TeamBudget> of(String team);
}
