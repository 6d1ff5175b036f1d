package dev.aifactory.policy.budgets;

import dev.aifactory.common.events.BudgetExceeded;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.audit.AuditTrail;
import dev.aifactory.policy.budgets.BudgetStatus.State;
import dev.aifactory.policy.runs.TrainingRuns;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monthly team budgets (calendar months, UTC). Spend is what training reported for the team's runs
 * completed this month; monitoring's budget-exceeded events count too, since monitoring may know of
 * spend policy does not (endpoints, say).
 */
@Service
public class BudgetManagement {

  public static final double DEFAULT_SOFT_LIMIT_RATIO = 0.8;
  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Budgets budgets;
  private final TrainingRuns runs;
  private final AuditTrail audit;
  private final Clock clock;

  BudgetManagement(Budgets budgets, TrainingRuns runs, AuditTrail audit, Clock clock) {
    this.budgets = budgets;
    this.runs = runs;
    this.audit = audit;
    this.clock = clock;
  }

  /** A budget and whether it was created (rather than replaced). */
  public record Saved(BudgetStatus status, boolean created) {}

  @Transactional
  public Saved put(String team, Double monthlyLimitUsd, Double softLimitRatio, Caller caller) {
    if (!caller.roles().contains(Caller.ADMIN)) {
      throw ApiException.forbidden("Only admins may set budgets");
    }
    if (team == null || !TEAM.matcher(team).matches()) {
      throw ApiException.badRequest("team", "team names are letters, digits, . _ -");
    }
    if (monthlyLimitUsd == null || !Double.isFinite(monthlyLimitUsd) || monthlyLimitUsd <= 0) {
      throw ApiException.badRequest(
          "monthlyLimitUsd", "monthlyLimitUsd is required and must be greater than 0");
    }
    double ratio = softLimitRatio == null ? DEFAULT_SOFT_LIMIT_RATIO : softLimitRatio;
    if (!Double.isFinite(ratio) || ratio <= 0 || ratio > 1) {
      throw ApiException.badRequest(
          "softLimitRatio", "softLimitRatio must be greater than 0 and at most 1");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    boolean created = budgets.put(new Budget(team, monthlyLimitUsd, ratio, caller.subject(), now));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("monthlyLimitUsd", monthlyLimitUsd);
    details.put("softLimitRatio", ratio);
    audit.record(
        caller.subject(), created ? "budget.created" : "budget.updated", team, team, details);
    return new Saved(status(team), created);
  }

  /** The team's status; callers see their own team's, admins every team's. */
  @Transactional(readOnly = true)
  public BudgetStatus get(String team, Caller caller) {
    if (!caller.owns(team) && !caller.roles().contains(Caller.ADMIN)) {
      throw ApiException.notFound("Budget", team);
    }
    if (budgets.find(team).isEmpty()) {
      throw ApiException.notFound("Budget", team);
    }
    return status(team);
  }

  /** Where the team stands this month (state none without a budget). */
  @Transactional(readOnly = true)
  public BudgetStatus status(String team) {
    Instant now = clock.instant();
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    double spent = runs.spend(team, from);
    Optional<Budget> budget = budgets.find(team);
    Optional<BudgetSignal> signal = budgets.strongestSignal(team, from);
    State state = State.NONE;
    String reason = "no budget for team " + team;
    if (budget.isPresent()) {
      Budget b = budget.get();
      state =
          spent >= b.monthlyLimitUsd()
              ? State.HARD
              : spent >= b.softLimitUsd() ? State.SOFT : State.OK;
      reason =
          String.format(
              Locale.ROOT,
              "team %s spent %.2f USD of its %.2f USD monthly budget in %s (soft limit %.2f USD)",
              team,
              spent,
              b.monthlyLimitUsd(),
              month,
              b.softLimitUsd());
    }
    if (signal.isPresent()) {
      BudgetSignal s = signal.get();
      State signalled = s.hard() ? State.HARD : State.SOFT;
      if (signalled.ordinal() > state.ordinal()) {
        state = signalled;
        reason =
            String.format(
                Locale.ROOT,
                "monitoring reported team %s over its %s limit: %.2f USD of %.2f USD (budget %s, %s)",
                team,
                s.hard() ? "hard" : "soft",
                s.spendUsd(),
                s.limitUsd(),
                s.budgetId(),
                s.period());
      }
    }
    return new BudgetStatus(
        team,
        month.toString(),
        state,
        budget.map(Budget::monthlyLimitUsd).orElse(null),
        budget.map(Budget::softLimitUsd).orElse(null),
        spent,
        reason);
  }

  /** Records monitoring's report; it counts for the month it arrives in. */
  @Transactional
  public void exceeded(BudgetExceeded e) {
    budgets.signal(
        new BudgetSignal(
            e.team(),
            e.budgetId(),
            e.period(),
            e.spend(),
            e.limit(),
            e.hard(),
            clock.instant().truncatedTo(ChronoUnit.MICROS)));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("budgetId", e.budgetId());
    details.put("period", e.period());
    details.put("spend", e.spend());
    details.put("limit", e.limit());
    details.put("hard", e.hard());
    audit.record("monitoring", "budget.exceeded-reported", e.team(), e.team(), details);
  }
}
