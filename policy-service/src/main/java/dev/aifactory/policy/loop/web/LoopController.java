package dev.aifactory.policy.loop.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.policy.loop.LoopState;
import dev.aifactory.policy.loop.LoopStateMachine;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LoopController {

  private final LoopStateMachine loops;

  LoopController(LoopStateMachine loops) {
    this.loops = loops;
  }

  record LoopView(
      String team,
      String modelGroup,
      String state,
      Instant since,
      String reason,
      String decisionId,
      Instant cooldownUntil) {

    static LoopView of(LoopState s) {
      return new LoopView(
          s.team(),
          s.modelGroup(),
          s.state().id(),
          s.since(),
          s.reason(),
          s.decisionId(),
          s.cooldownUntil());
    }
  }

  /** The caller's team's loops. */
  @GetMapping("/api/v1/loops")
  List<LoopView> list(Caller caller) {
    return loops.list(caller).stream().map(LoopView::of).toList();
  }

  /** 404 for groups of other teams, as for missing ones. */
  @GetMapping("/api/v1/loops/{modelGroup}")
  LoopView get(@PathVariable String modelGroup, Caller caller) {
    return LoopView.of(loops.get(modelGroup, caller));
  }
}
