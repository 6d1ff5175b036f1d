package dev.aifactory.policy.approvals.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.approvals.Approval;
import dev.aifactory.policy.approvals.ApprovalManagement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/approvals")
class ApprovalController {

  private final ApprovalManagement approvals;

  ApprovalController(ApprovalManagement approvals) {
    this.approvals = approvals;
  }

  record ApprovalView(
      UUID id,
      String team,
      String modelGroup,
      int version,
      String status,
      String resolution,
      String requiredRole,
      int quorum,
      long approvals,
      List<Approval.Vote> votes,
      String requestedBy,
      Map<String, Object> evidence,
      List<String> reasons,
      UUID decisionId,
      String policy,
      int policyVersion,
      Instant createdAt,
      Instant expiresAt,
      Instant resolvedAt) {

    static ApprovalView of(Approval a) {
      return new ApprovalView(
          a.id(),
          a.team(),
          a.modelGroup(),
          a.version(),
          a.status().id(),
          a.resolution(),
          a.requiredRole(),
          a.quorum(),
          a.approvals(),
          a.votes(),
          a.requestedBy(),
          a.evidence(),
          a.reasons(),
          a.decisionId(),
          a.policy(),
          a.policyVersion(),
          a.createdAt(),
          a.expiresAt(),
          a.resolvedAt());
    }
  }

  record VoteRequest(String comment) {}

  @GetMapping
  Paged<ApprovalView> list(
      Caller caller,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return approvals.list(caller, status, PageRequest.of(page, size)).map(ApprovalView::of);
  }

  @GetMapping("/{id}")
  ApprovalView get(@PathVariable UUID id, Caller caller) {
    return ApprovalView.of(approvals.get(id, caller));
  }

  @PostMapping("/{id}/approve")
  ApprovalView approve(
      @PathVariable UUID id, @RequestBody(required = false) VoteRequest vote, Caller caller) {
    return ApprovalView.of(approvals.approve(id, vote == null ? null : vote.comment(), caller));
  }

  @PostMapping("/{id}/reject")
  ApprovalView reject(
      @PathVariable UUID id, @RequestBody(required = false) VoteRequest vote, Caller caller) {
    return ApprovalView.of(approvals.reject(id, vote == null ? null : vote.comment(), caller));
  }
}
