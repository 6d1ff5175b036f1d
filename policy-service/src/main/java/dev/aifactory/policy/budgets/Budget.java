package dev.aifactory.policy.budgets;

import java.time.Instant;

/**
 * A team's monthly spending limit; at {@code softLimitRatio} of it training is allowed with a
 * warning.
 */
public record Budget(
    String team,
    double monthlyLimitUsd,
    double softLimitRatio,
    String updatedBy,
    Instant updatedAt) {

  public double softLimitUsd() {
    return monthlyLimitUsd * softLimitRatio;
  }
}
