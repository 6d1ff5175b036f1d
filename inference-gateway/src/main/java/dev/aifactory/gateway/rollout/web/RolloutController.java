package dev.aifactory.gateway.rollout.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.rollout.Rollout;
import dev.aifactory.gateway.rollout.RolloutManagement;
import dev.aifactory.gateway.rollout.RolloutManagement.RolloutPage;
import dev.aifactory.gateway.rollout.RolloutManagement.StartRollout;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Control plane: rollout plans of an endpoint, and the manual pause/resume/abort/advance. */
@RestController
@RequestMapping("/api/v1/endpoints/{name}/rollouts")
class RolloutController {

  private final RolloutManagement management;

  RolloutController(RolloutManagement management) {
    this.management = management;
  }

  record HistoryView(
      Instant at, String kind, Integer step, String decisionId, String actor, String detail) {}

  record RolloutView(
      String id,
      String endpoint,
      String modelGroup,
      int candidateVersion,
      String candidateVariant,
      Integer championVersion,
      String championVariant,
      String strategy,
      List<Integer> steps,
      long bakeSeconds,
      Double shadowSampleRate,
      String state,
      int currentStep,
      int candidateWeight,
      Instant stepStartedAt,
      Instant bakeEndsAt,
      boolean advanceRequested,
      String startedBy,
      String reason,
      Instant createdAt,
      Instant updatedAt,
      Instant finishedAt,
      List<HistoryView> history) {

    static RolloutView of(Rollout r) {
      return new RolloutView(
          r.id(),
          r.endpoint(),
          r.modelGroup(),
          r.candidateVersion(),
          r.candidateVariant(),
          r.championVersion(),
          r.championVariant(),
          r.plan().strategy().wire(),
          r.plan().steps(),
          r.plan().bakeSeconds(),
          r.shadowSampleRate(),
          r.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          r.currentStep(),
          r.candidateWeight(),
          r.stepStartedAt(),
          r.isActive() ? r.bakeEndsAt() : null,
          r.advanceRequested(),
          r.startedBy(),
          r.reason(),
          r.createdAt(),
          r.updatedAt(),
          r.finishedAt(),
          r.history().stream()
              .map(
                  h ->
                      new HistoryView(
                          h.at(), h.kind(), h.step(), h.decisionId(), h.actor(), h.detail()))
              .toList());
    }
  }

  record PageView(List<RolloutView> items, int page, int size, long total) {}

  @PostMapping
  ResponseEntity<RolloutView> start(
      @PathVariable String name, @RequestBody StartRollout body, Caller caller) {
    Rollout started = management.start(caller, name, body);
    return ResponseEntity.created(
            URI.create("/api/v1/endpoints/" + name + "/rollouts/" + started.id()))
        .body(RolloutView.of(started));
  }

  @GetMapping
  PageView list(
      @PathVariable String name,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    RolloutPage found = management.list(caller, name, page, size);
    return new PageView(
        found.items().stream().map(RolloutView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  @GetMapping("/{id}")
  RolloutView get(@PathVariable String name, @PathVariable String id, Caller caller) {
    return RolloutView.of(management.get(caller, name, id));
  }

  @PostMapping("/{id}/pause")
  RolloutView pause(@PathVariable String name, @PathVariable String id, Caller caller) {
    return RolloutView.of(management.pause(caller, name, id));
  }

  @PostMapping("/{id}/resume")
  RolloutView resume(@PathVariable String name, @PathVariable String id, Caller caller) {
    return RolloutView.of(management.resume(caller, name, id));
  }

  @PostMapping("/{id}/abort")
  RolloutView abort(@PathVariable String name, @PathVariable String id, Caller caller) {
    return RolloutView.of(management.abort(caller, name, id));
  }

  @PostMapping("/{id}/advance")
  RolloutView advance(@PathVariable String name, @PathVariable String id, Caller caller) {
    return RolloutView.of(management.advance(caller, name, id));
  }
}
