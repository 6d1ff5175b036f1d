package dev.aifactory.common.events;

/** A team's spend in a budget period passed the budget's limit ({@code hard} or soft). */
public record BudgetExceeded(
    String team, String budgetId, String period, double spend, double limit, boolean hard)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "monitoring.budget-exceeded";
  }

  @Override
  public String topic() {
    return Topics.MONITORING;
  }

  @Override
  public String key() {
    return team;
  }
}
