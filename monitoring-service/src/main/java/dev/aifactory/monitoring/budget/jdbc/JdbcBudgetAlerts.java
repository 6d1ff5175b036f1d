package dev.aifactory.monitoring.budget.jdbc;

import dev.aifactory.monitoring.budget.BudgetAlerts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcBudgetAlerts implements BudgetAlerts {

  private final JdbcClient jdbc;

  JdbcBudgetAlerts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean first(
      String team, String period, String kind, double spend, double limit, Instant at) {
    return jdbc.sql(
                """
                insert into budget_alerts (team, period, kind, spend, limit_usd, alerted_at)
                values (:team, :period, :kind, :spend, :limit, :at)
                on conflict (team, period, kind) do nothing
                """)
            .param("team", team)
            .param("period", period)
            .param("kind", kind)
            .param("spend", spend)
            .param("limit", limit)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .update()
        == 1;
  }
}
