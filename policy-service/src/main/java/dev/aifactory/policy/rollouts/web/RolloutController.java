package dev.aifactory.policy.rollouts.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.policy.rollouts.Rollout;
import dev.aifactory.policy.rollouts.RolloutGate;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RolloutController {

  private final RolloutGate gate;

  RolloutController(RolloutGate gate) {
    this.gate = gate;
  }

  record RolloutView(
      String rolloutId,
      String endpoint,
      String modelGroup,
      int candidateVersion,
      String candidateVariant,
      Integer championVersion,
      String strategy,
      List<Integer> steps,
      int step,
      int weight,
      String status,
      Integer advanceRequestedStep,
      Instant lastWindowTo,
      Instant stepStartedAt) {

    static RolloutView of(Rollout r) {
      return new RolloutView(
          r.rolloutId(),
          r.endpoint(),
          r.modelGroup(),
          r.candidateVersion(),
          r.candidateVariant(),
          r.championVersion(),
          r.strategy(),
          r.steps(),
          r.step(),
          r.weight(),
          r.status().id(),
          r.advanceRequestedStep(),
          r.lastWindowTo(),
          r.stepStartedAt());
    }
  }

  /** The caller's team's rollouts as the gate sees them (latest 100, newest first). */
  @GetMapping("/api/v1/rollouts")
  List<RolloutView> list(Caller caller) {
    return gate.list(caller).stream().map(RolloutView::of).toList();
  }
}
