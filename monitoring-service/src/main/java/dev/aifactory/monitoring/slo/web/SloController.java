package dev.aifactory.monitoring.slo.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.ApiException.FieldProblem;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.slo.Slo;
import dev.aifactory.monitoring.slo.SloEvaluation;
import dev.aifactory.monitoring.slo.SloEvaluation.Status;
import dev.aifactory.monitoring.slo.SloObjective;
import dev.aifactory.monitoring.slo.Slos;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * SLOs of the caller's team's endpoints. Everyone in the team reads them; defining, changing and
 * deleting needs the ml-engineer or admin role.
 */
@RestController
class SloController {

  static final int MAX_PERIOD_DAYS = 90;

  private final Slos slos;
  private final SloEvaluation evaluation;
  private final Clock clock;

  SloController(Slos slos, SloEvaluation evaluation, Clock clock) {
    this.slos = slos;
    this.evaluation = evaluation;
    this.clock = clock;
  }

  /**
   * An SLO definition: {@code objective} availability or latency (then {@code latencyThresholdMs}
   * is required), {@code target} the share of good requests in (0, 1), e.g. 0.995, over {@code
   * periodDays} (default 30).
   */
  record SloRequest(
      String endpoint,
      String name,
      String objective,
      Double target,
      Double latencyThresholdMs,
      Integer periodDays) {}

  record SloView(
      UUID id,
      String endpoint,
      String name,
      String objective,
      double target,
      Double latencyThresholdMs,
      int periodDays,
      Instant createdAt,
      Instant updatedAt) {

    static SloView of(Slo s) {
      return new SloView(
          s.id(),
          s.endpoint(),
          s.name(),
          s.objective().name().toLowerCase(Locale.ROOT),
          s.target(),
          s.latencyThresholdMs(),
          s.periodDays(),
          s.createdAt(),
          s.updatedAt());
    }
  }

  @PostMapping("/api/v1/slos")
  @ResponseStatus(HttpStatus.CREATED)
  SloView create(@RequestBody(required = false) SloRequest request, Caller caller) {
    requireWriter(caller);
    Instant now = clock.instant();
    Slo slo = validated(UUID.randomUUID(), caller.team(), request, now, now);
    slos.create(slo);
    return SloView.of(slo);
  }

  @PutMapping("/api/v1/slos/{id}")
  SloView update(
      @PathVariable String id, @RequestBody(required = false) SloRequest request, Caller caller) {
    requireWriter(caller);
    Slo existing = existing(id, caller);
    Slo slo =
        validated(existing.id(), caller.team(), request, existing.createdAt(), clock.instant());
    if (!slos.update(slo)) {
      throw ApiException.notFound("SLO", id);
    }
    return SloView.of(slo);
  }

  @DeleteMapping("/api/v1/slos/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String id, Caller caller) {
    requireWriter(caller);
    if (!slos.delete(caller.team(), existing(id, caller).id())) {
      throw ApiException.notFound("SLO", id);
    }
  }

  @GetMapping("/api/v1/slos/{id}")
  SloView get(@PathVariable String id, Caller caller) {
    return SloView.of(existing(id, caller));
  }

  @GetMapping("/api/v1/slos")
  Page<SloView> list(
      @RequestParam(required = false) String endpoint,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    PageRequest.check(page, size);
    Page<Slo> found =
        slos.list(
            caller.team(), endpoint == null || endpoint.isBlank() ? null : endpoint, page, size);
    return new Page<>(
        found.items().stream().map(SloView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  /**
   * Error budget and burn rates now: {@code errorBudgetRemaining} is 1 with no bad request in the
   * period, 0 when the budget is spent, negative beyond.
   */
  @GetMapping("/api/v1/slos/{id}/status")
  StatusView status(@PathVariable String id, Caller caller) {
    Status status = evaluation.status(existing(id, caller), clock.instant());
    return new StatusView(
        SloView.of(status.slo()),
        status.at(),
        status.total(),
        status.good(),
        status.compliance(),
        status.errorBudgetRemaining(),
        status.burnRates(),
        status.alerts());
  }

  record StatusView(
      SloView slo,
      Instant at,
      double total,
      double good,
      Double compliance,
      double errorBudgetRemaining,
      java.util.Map<String, Double> burnRates,
      List<SloEvaluation.AlertStatus> alerts) {}

  private Slo existing(String id, Caller caller) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException notAnId) {
      throw ApiException.notFound("SLO", id);
    }
    return slos.find(caller.team(), uuid).orElseThrow(() -> ApiException.notFound("SLO", id));
  }

  private static void requireWriter(Caller caller) {
    if (!caller.hasRole(Caller.ML_ENGINEER) && !caller.hasRole(Caller.ADMIN)) {
      throw ApiException.forbidden("defining SLOs needs the ml-engineer or admin role");
    }
  }

  private static Slo validated(
      UUID id, String team, SloRequest r, Instant createdAt, Instant updatedAt) {
    if (r == null) {
      throw ApiException.badRequest("body", "an SLO definition is required");
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (r.endpoint() == null || r.endpoint().isBlank()) {
      problems.add(new FieldProblem("endpoint", "endpoint is required"));
    }
    SloObjective objective = null;
    if (r.objective() == null) {
      problems.add(new FieldProblem("objective", "objective is required: availability or latency"));
    } else {
      try {
        objective = SloObjective.valueOf(r.objective().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        problems.add(
            new FieldProblem(
                "objective",
                "objective must be availability or latency, was '" + r.objective() + "'"));
      }
    }
    if (r.target() == null || !(r.target() > 0 && r.target() < 1)) {
      problems.add(
          new FieldProblem(
              "target", "target must be a share in (0, 1), e.g. 0.995, was " + r.target()));
    }
    if (objective == SloObjective.LATENCY
        && (r.latencyThresholdMs() == null
            || !(r.latencyThresholdMs() > 0)
            || r.latencyThresholdMs().isInfinite())) {
      problems.add(
          new FieldProblem(
              "latencyThresholdMs",
              "a latency SLO needs latencyThresholdMs > 0, was " + r.latencyThresholdMs()));
    }
    if (objective == SloObjective.AVAILABILITY && r.latencyThresholdMs() != null) {
      problems.add(
          new FieldProblem("latencyThresholdMs", "an availability SLO has no latency threshold"));
    }
    int period = r.periodDays() == null ? 30 : r.periodDays();
    if (period < 1 || period > MAX_PERIOD_DAYS) {
      problems.add(
          new FieldProblem(
              "periodDays",
              "periodDays must be between 1 and " + MAX_PERIOD_DAYS + ", was " + period));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid("The SLO is invalid; nothing was changed", problems);
    }
    String name =
        r.name() == null || r.name().isBlank()
            ? r.endpoint() + "-" + objective.name().toLowerCase(Locale.ROOT)
            : r.name();
    return new Slo(
        id,
        team,
        r.endpoint(),
        name,
        objective,
        r.target(),
        objective == SloObjective.LATENCY ? r.latencyThresholdMs() : null,
        period,
        createdAt,
        updatedAt);
  }
}
