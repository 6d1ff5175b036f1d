package dev.aifactory.monitoring.violation.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.violation.Violation;
import dev.aifactory.monitoring.violation.Violations;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Violations of the caller's team, newest first. */
@RestController
class ViolationController {

  private final Violations violations;

  ViolationController(Violations violations) {
    this.violations = violations;
  }

  /** One violation; {@code kind} is drift, quality, slo or missing-column. */
  record ViolationView(
      UUID id,
      String kind,
      String endpoint,
      String modelGroup,
      Integer version,
      UUID windowId,
      String subject,
      String detail,
      Long count,
      Instant occurredAt) {

    static ViolationView of(Violation v) {
      return new ViolationView(
          v.id(),
          label(v.kind()),
          v.endpoint(),
          v.modelGroup(),
          v.version(),
          v.windowId(),
          v.subject(),
          v.detail(),
          v.count(),
          v.occurredAt());
    }
  }

  @GetMapping("/api/v1/violations")
  Page<ViolationView> list(
      @RequestParam(required = false) String endpoint,
      @RequestParam(required = false) String kind,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    PageRequest.check(page, size);
    Violation.Kind wanted = null;
    if (kind != null && !kind.isBlank()) {
      wanted =
          Arrays.stream(Violation.Kind.values())
              .filter(k -> label(k).equals(kind.trim().toLowerCase(Locale.ROOT)))
              .findFirst()
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "kind",
                          "kind must be drift, quality, slo or missing-column, was '"
                              + kind
                              + "'"));
    }
    Page<Violation> found =
        violations.list(
            new Violations.Filter(
                caller.team(), endpoint == null || endpoint.isBlank() ? null : endpoint, wanted),
            page,
            size);
    return new Page<>(
        found.items().stream().map(ViolationView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  static String label(Violation.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
