package dev.aifactory.policy.budgets;

import java.time.Instant;

/** Monitoring's report that a team's spend passed a (hard or soft) limit. */
public record BudgetSignal(
    String team,
    String budgetId,
    String period,
    double spendUsd,
    double limitUsd,
    boolean hard,
    Instant receivedAt) {}
