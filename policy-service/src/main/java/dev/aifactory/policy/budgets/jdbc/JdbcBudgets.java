package dev.aifactory.policy.budgets.jdbc;

import dev.aifactory.policy.budgets.Budget;
import dev.aifactory.policy.budgets.BudgetSignal;
import dev.aifactory.policy.budgets.Budgets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcBudgets implements Budgets {

  private final JdbcClient jdbc;

  JdbcBudgets(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean put(Budget b) {
    // xmax = 0 only for a freshly inserted row: tells a create from a replace in one statement.
    return jdbc.sql(
            """
            insert into budgets (team, monthly_limit_usd, soft_limit_ratio, updated_by, updated_at)
            values (:team, :limit, :ratio, :by, :at)
            on conflict (team) do update set monthly_limit_usd = excluded.monthly_limit_usd,
              soft_limit_ratio = excluded.soft_limit_ratio, updated_by = excluded.updated_by,
              updated_at = excluded.updated_at
            returning (xmax = 0) as created
            """)
        .param("team", b.team())
        .param("limit", b.monthlyLimitUsd())
        .param("ratio", b.softLimitRatio())
        .param("by", b.updatedBy())
        .param("at", at(b.updatedAt()))
        .query(Boolean.class)
        .single();
  }

  @Override
  public Optional<Budget> find(String team) {
    return jdbc.sql("select * from budgets where team = :team")
        .param("team", team)
        .query(
            (rs, n) ->
                new Budget(
                    rs.getString("team"),
                    rs.getDouble("monthly_limit_usd"),
                    rs.getDouble("soft_limit_ratio"),
                    rs.getString("updated_by"),
                    rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
        .optional();
  }

  @Override
  public void signal(BudgetSignal s) {
    jdbc.sql(
            """
            insert into budget_signals (team, budget_id, period, spend_usd, limit_usd, hard,
                                        received_at)
            values (:team, :budget, :period, :spend, :limit, :hard, :at)
            """)
        .param("team", s.team())
        .param("budget", s.budgetId())
        .param("period", s.period())
        .param("spend", s.spendUsd())
        .param("limit", s.limitUsd())
        .param("hard", s.hard())
        .param("at", at(s.receivedAt()))
        .update();
  }

  @Override
  public Optional<BudgetSignal> strongestSignal(String team, Instant from) {
    return jdbc.sql(
            """
            select * from budget_signals where team = :team and received_at >= :from
            order by hard desc, received_at desc limit 1
            """)
        .param("team", team)
        .param("from", at(from))
        .query(
            (rs, n) ->
                new BudgetSignal(
                    rs.getString("team"),
                    rs.getString("budget_id"),
                    rs.getString("period"),
                    rs.getDouble("spend_usd"),
                    rs.getDouble("limit_usd"),
                    rs.getBoolean("hard"),
                    rs.getObject("received_at", OffsetDateTime.class).toInstant()))
        .optional();
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
