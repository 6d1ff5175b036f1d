package dev.aifactory.monitoring.budget;

import dev.aifactory.common.events.BudgetExceeded;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.monitoring.cost.Costs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes each team's spend this month (training and serving, calendar month UTC, as policy
 * counts) and emits {@code monitoring.budget-exceeded} when it crosses the team's soft or hard
 * limit: once per team, month and kind, the alert row and the outbox event in one transaction.
 * Policy being unreachable skips the team until the next check, it never loses an alert.
 */
@Service
public class BudgetWatch {

  private static final Logger log = LoggerFactory.getLogger(BudgetWatch.class);

  private final Costs costs;
  private final BudgetLimits limits;
  private final BudgetAlerts alerts;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final MeterRegistry meters;
  private final BudgetProperties properties;
  private final Clock clock;
  // Gauges hold their state weakly; the map keeps it alive for the life of the service.
  private final Map<String, AtomicReference<Double>> spendGauges = new ConcurrentHashMap<>();

  BudgetWatch(
      Costs costs,
      BudgetLimits limits,
      BudgetAlerts alerts,
      Outbox outbox,
      TransactionTemplate tx,
      MeterRegistry meters,
      BudgetProperties properties,
      Clock clock) {
    this.costs = costs;
    this.limits = limits;
    this.alerts = alerts;
    this.outbox = outbox;
    this.tx = tx;
    this.meters = meters;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${aifactory.monitoring.budgets.check-interval:1m}",
      initialDelayString = "${aifactory.monitoring.budgets.check-interval:1m}")
  public void checkScheduled() {
    if (properties.enabled()) {
      check();
    }
  }

  /** Checks every team with spend this month; returns how many alerts were published. */
  public int check() {
    Instant now = clock.instant();
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    Map<String, Double> spend =
        costs.spendSince(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    int published = 0;
    for (Map.Entry<String, Double> team : spend.entrySet()) {
      gauge(team.getKey()).set(team.getValue());
      try {
        published += check(team.getKey(), team.getValue(), month.toString(), now);
      } catch (BudgetLimitsUnavailable e) {
        log.warn("Budget of team {} not checked: {}", team.getKey(), e.getMessage());
      }
    }
    return published;
  }

  private int check(String team, double spend, String month, Instant now) {
    TeamBudget budget = limits.of(team).orElse(null);
    if (budget == null) {
      return 0;
    }
    // Policy names the period it counts in; it is the same calendar month unless a month just
    // turned, and then policy's answer wins.
    String period = budget.period() != null ? budget.period() : month;
    int published = 0;
    if (budget.softLimitUsd() != null && spend >= budget.softLimitUsd()) {
      published += alert(team, period, false, spend, budget.softLimitUsd(), now);
    }
    if (spend >= budget.monthlyLimitUsd()) {
      published += alert(team, period, true, spend, budget.monthlyLimitUsd(), now);
    }
    return published;
  }

  private int alert(
      String team, String period, boolean hard, double spend, double limit, Instant now) {
    Boolean sent =
        tx.execute(
            status -> {
              if (!alerts.first(team, period, hard ? "hard" : "soft", spend, limit, now)) {
                return false;
              }
              outbox.publish(
                  new BudgetExceeded(team, "budget/" + team, period, spend, limit, hard));
              return true;
            });
    return Boolean.TRUE.equals(sent) ? 1 : 0;
  }

  private AtomicReference<Double> gauge(String team) {
    return spendGauges.computeIfAbsent(
        team,
        t -> {
          AtomicReference<Double> value = new AtomicReference<>(0.0);
          Gauge.builder("aifactory.monitoring.spend.month.usd", value, AtomicReference::get)
              .tag("team", t)
              .description("Spend of the team this calendar month (training and serving), USD")
              .register(meters);
          return value;
        });
  }
}
