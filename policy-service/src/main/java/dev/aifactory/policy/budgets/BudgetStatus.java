package dev.aifactory.policy.budgets;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a team stands against its budget this month. {@code state} is none (no budget), ok, soft
 * (past the soft limit: allowed with a warning) or hard (past the limit: training refused).
 */
public record BudgetStatus(
    String team,
    String period,
    State state,
    Double monthlyLimitUsd,
    Double softLimitUsd,
    double spentUsd,
    String reason) {

  public enum State {
    NONE,
    OK,
    SOFT,
    HARD;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The status as a policy input ({@code budget}): numbers are -1 without a budget. */
  public Map<String, Object> asInput() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("state", state.id());
    input.put("period", period);
    input.put("spent_usd", spentUsd);
    input.put("limit_usd", monthlyLimitUsd == null ? -1.0 : monthlyLimitUsd);
    input.put("soft_limit_usd", softLimitUsd == null ? -1.0 : softLimitUsd);
    return input;
  }
}
