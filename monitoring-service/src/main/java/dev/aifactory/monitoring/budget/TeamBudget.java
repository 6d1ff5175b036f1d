package dev.aifactory.monitoring.budget;

/** A team's monthly limits as policy states them (USD); the soft limit may be absent. */
public record TeamBudget(String team, String period, double monthlyLimitUsd, Double softLimitUsd) {}
