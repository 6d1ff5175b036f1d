package dev.aifactory.monitoring.monitor.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.ApiException.FieldProblem;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.drift.DriftMethod;
import dev.aifactory.monitoring.drift.DriftSettings;
import dev.aifactory.monitoring.drift.ThresholdMode;
import dev.aifactory.monitoring.monitor.Monitor;
import dev.aifactory.monitoring.monitor.MonitorSettings;
import dev.aifactory.monitoring.monitor.Monitors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * Per-endpoint monitors of the caller's team. A field left out takes the service default; a new
 * window length applies to captures arriving from then on. Writes need ml-engineer or admin.
 */
@RestController
class MonitorController {

  static final int MAX_MIN_SAMPLES = 1_000_000;
  static final double MAX_DISTANCE = 10;

  private final Monitors monitors;
  private final MonitorSettings settings;
  private final Clock clock;

  MonitorController(Monitors monitors, MonitorSettings settings, Clock clock) {
    this.monitors = monitors;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * A monitor definition. {@code thresholds.mode} calibrated|fixed, {@code pValue} in (0, 1),
   * {@code distance} in (0, 10], {@code driftShare} in (0, 1]; {@code methods.numeric} auto|ks|
   * z-test|wasserstein|jensen-shannon, {@code methods.categorical} auto|chi-square|jensen-shannon.
   */
  record MonitorRequest(
      String endpoint,
      Long windowLengthSeconds,
      Integer minSamples,
      ThresholdsBody thresholds,
      MethodsBody methods) {}

  record ThresholdsBody(String mode, Double pValue, Double distance, Double driftShare) {}

  record MethodsBody(String numeric, String categorical) {}

  record MonitorView(
      UUID id,
      String endpoint,
      long windowLengthSeconds,
      int minSamples,
      ThresholdsBody thresholds,
      MethodsBody methods,
      Instant createdAt,
      Instant updatedAt) {

    static MonitorView of(Monitor m) {
      return new MonitorView(
          m.id(),
          m.endpoint(),
          m.windowLength().toSeconds(),
          m.minSamples(),
          new ThresholdsBody(
              m.thresholds().name().toLowerCase(Locale.ROOT),
              m.pValueThreshold(),
              m.distanceThreshold(),
              m.driftShareThreshold()),
          new MethodsBody(label(m.numericMethod()), label(m.categoricalMethod())),
          m.createdAt(),
          m.updatedAt());
    }

    private static String label(DriftMethod method) {
      return method == null ? "auto" : method.label();
    }
  }

  @PostMapping("/api/v1/monitors")
  @ResponseStatus(HttpStatus.CREATED)
  MonitorView create(@RequestBody(required = false) MonitorRequest request, Caller caller) {
    requireWriter(caller);
    if (request == null || request.endpoint() == null || request.endpoint().isBlank()) {
      throw ApiException.badRequest("endpoint", "endpoint is required");
    }
    Instant now = clock.instant();
    Monitor monitor =
        validated(
            UUID.randomUUID(),
            settings.defaults(caller.team(), request.endpoint()),
            request,
            now,
            now);
    if (!monitors.create(monitor)) {
      throw ApiException.conflict(
          "Endpoint '" + request.endpoint() + "' already has a monitor; change it with PUT");
    }
    return MonitorView.of(monitor);
  }

  @PutMapping("/api/v1/monitors/{id}")
  MonitorView update(
      @PathVariable String id,
      @RequestBody(required = false) MonitorRequest request,
      Caller caller) {
    requireWriter(caller);
    Monitor existing = existing(id, caller);
    if (request == null) {
      throw ApiException.badRequest("body", "a monitor definition is required");
    }
    if (request.endpoint() != null && !request.endpoint().equals(existing.endpoint())) {
      throw ApiException.badRequest(
          "endpoint", "a monitor's endpoint cannot change; create a monitor for the other one");
    }
    Monitor monitor =
        validated(
            existing.id(),
            settings.defaults(caller.team(), existing.endpoint()),
            request,
            existing.createdAt(),
            clock.instant());
    if (!monitors.update(monitor)) {
      throw ApiException.notFound("Monitor", id);
    }
    return MonitorView.of(monitor);
  }

  @DeleteMapping("/api/v1/monitors/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String id, Caller caller) {
    requireWriter(caller);
    if (!monitors.delete(caller.team(), existing(id, caller).id())) {
      throw ApiException.notFound("Monitor", id);
    }
  }

  @GetMapping("/api/v1/monitors/{id}")
  MonitorView get(@PathVariable String id, Caller caller) {
    return MonitorView.of(existing(id, caller));
  }

  @GetMapping("/api/v1/monitors")
  Page<MonitorView> list(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    PageRequest.check(page, size);
    Page<Monitor> found = monitors.list(caller.team(), page, size);
    return new Page<>(
        found.items().stream().map(MonitorView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  private Monitor existing(String id, Caller caller) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException notAnId) {
      throw ApiException.notFound("Monitor", id);
    }
    return monitors
        .find(caller.team(), uuid)
        .orElseThrow(() -> ApiException.notFound("Monitor", id));
  }

  private static void requireWriter(Caller caller) {
    if (!caller.hasRole(Caller.ML_ENGINEER) && !caller.hasRole(Caller.ADMIN)) {
      throw ApiException.forbidden("changing monitors needs the ml-engineer or admin role");
    }
  }

  private static Monitor validated(
      UUID id, Monitor defaults, MonitorRequest r, Instant createdAt, Instant updatedAt) {
    List<FieldProblem> problems = new ArrayList<>();
    Duration length = defaults.windowLength();
    if (r.windowLengthSeconds() != null) {
      if (r.windowLengthSeconds() < 1
          || r.windowLengthSeconds() > MonitorSettings.MAX_WINDOW.toSeconds()) {
        problems.add(
            new FieldProblem(
                "windowLengthSeconds",
                "windowLengthSeconds must be between 1 and "
                    + MonitorSettings.MAX_WINDOW.toSeconds()
                    + ", was "
                    + r.windowLengthSeconds()));
      } else {
        length = Duration.ofSeconds(r.windowLengthSeconds());
      }
    }
    int minSamples = r.minSamples() == null ? defaults.minSamples() : r.minSamples();
    if (minSamples < 1 || minSamples > MAX_MIN_SAMPLES) {
      problems.add(
          new FieldProblem(
              "minSamples",
              "minSamples must be between 1 and " + MAX_MIN_SAMPLES + ", was " + minSamples));
    }
    ThresholdsBody t =
        r.thresholds() == null ? new ThresholdsBody(null, null, null, null) : r.thresholds();
    ThresholdMode mode = defaults.thresholds();
    if (t.mode() != null) {
      try {
        mode = ThresholdMode.valueOf(t.mode().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        problems.add(
            new FieldProblem(
                "thresholds.mode", "mode must be calibrated or fixed, was '" + t.mode() + "'"));
      }
    }
    double p = t.pValue() == null ? defaults.pValueThreshold() : t.pValue();
    if (!(p > 0 && p < 1)) {
      problems.add(new FieldProblem("thresholds.pValue", "pValue must be in (0, 1), was " + p));
    }
    double distance = t.distance() == null ? defaults.distanceThreshold() : t.distance();
    if (!(distance > 0 && distance <= MAX_DISTANCE)) {
      problems.add(
          new FieldProblem(
              "thresholds.distance",
              "distance must be in (0, " + (int) MAX_DISTANCE + "], was " + distance));
    }
    double share = t.driftShare() == null ? defaults.driftShareThreshold() : t.driftShare();
    if (!(share > 0 && share <= 1)) {
      problems.add(
          new FieldProblem("thresholds.driftShare", "driftShare must be in (0, 1], was " + share));
    }
    MethodsBody m = r.methods() == null ? new MethodsBody(null, null) : r.methods();
    DriftMethod numeric =
        method(m.numeric(), DriftSettings.NUMERIC_METHODS, "methods.numeric", problems);
    DriftMethod categorical =
        method(m.categorical(), DriftSettings.CATEGORICAL_METHODS, "methods.categorical", problems);
    if (!problems.isEmpty()) {
      throw ApiException.invalid("The monitor is invalid; nothing was changed", problems);
    }
    return new Monitor(
        id,
        defaults.team(),
        defaults.endpoint(),
        length,
        minSamples,
        p,
        distance,
        share,
        mode,
        numeric,
        categorical,
        createdAt,
        updatedAt);
  }

  private static DriftMethod method(
      String label, Set<DriftMethod> allowed, String field, List<FieldProblem> problems) {
    if (label == null || label.equalsIgnoreCase("auto")) {
      return null;
    }
    DriftMethod method = DriftMethod.ofLabel(label.trim()).orElse(null);
    if (method == null || !allowed.contains(method)) {
      problems.add(
          new FieldProblem(
              field,
              "method must be auto or one of "
                  + allowed.stream().map(DriftMethod::label).toList()
                  + ", was '"
                  + label
                  + "'"));
      return null;
    }
    return method;
  }
}
