package dev.aifactory.policy.loop.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.loop.Decision;
import dev.aifactory.policy.loop.DecisionQueries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DecisionController {

  private final DecisionQueries decisions;

  DecisionController(DecisionQueries decisions) {
    this.decisions = decisions;
  }

  record DecisionView(
      UUID decisionId,
      String team,
      String subject,
      String attachmentPoint,
      String policy,
      int policyVersion,
      String effect,
      Map<String, Object> inputs,
      String inputsDigest,
      List<String> reasons,
      Instant createdAt,
      String mode,
      String evaluated) {

    static DecisionView of(Decision d) {
      return new DecisionView(
          d.decisionId(),
          d.team(),
          d.subject(),
          d.attachmentPoint(),
          d.policy(),
          d.policyVersion(),
          d.effect().id(),
          d.inputs(),
          d.inputsDigest(),
          d.reasons(),
          d.createdAt(),
          d.mode(),
          d.evaluated());
    }
  }

  @GetMapping("/api/v1/decisions")
  Paged<DecisionView> list(
      Caller caller,
      @RequestParam(required = false) String subject,
      @RequestParam(required = false) String attachmentPoint,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return decisions
        .find(caller, subject, attachmentPoint, PageRequest.of(page, size))
        .map(DecisionView::of);
  }
}
