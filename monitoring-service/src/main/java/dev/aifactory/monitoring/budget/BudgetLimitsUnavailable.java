package dev.aifactory.monitoring.budget;

/** Policy could not tell a team's budget; the check is retried at the next interval. */
public class BudgetLimitsUnavailable extends RuntimeException {

  public BudgetLimitsUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
