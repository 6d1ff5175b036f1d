package dev.aifactory.monitoring.budget;

import java.time.Instant;

/** Which budget limits were reported crossed. */
public interface BudgetAlerts {

  /** Records the crossing; false when this team, period and kind was recorded before. */
  boolean first(String team, String period, String kind, double spend, double limit, Instant at);
}
