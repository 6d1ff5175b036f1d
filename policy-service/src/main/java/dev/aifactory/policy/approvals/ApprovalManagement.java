package dev.aifactory.policy.approvals;

import dev.aifactory.common.events.ModelVersionApproved;
import dev.aifactory.common.events.ModelVersionRejected;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.approvals.Approval.Status;
import dev.aifactory.policy.approvals.Approval.Vote;
import dev.aifactory.policy.audit.AuditTrail;
import dev.aifactory.policy.rules.ApprovalRule;
import dev.aifactory.policy.runs.TrainingRuns;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approval requests: opened by the promotion gate, resolved by people (quorum, required role,
 * separation of duties) or by expiry. Every step is audited; a resolution publishes {@code
 * model.version-approved} or {@code model.version-rejected} in the same transaction, so the waiting
 * loop continues exactly when the request resolves.
 */
@Service
public class ApprovalManagement {

  static final String SYSTEM = "policy";
  private static final int EXPIRY_BATCH = 100;

  private final Approvals approvals;
  private final TrainingRuns runs;
  private final AuditTrail audit;
  private final Outbox outbox;
  private final Clock clock;

  ApprovalManagement(
      Approvals approvals, TrainingRuns runs, AuditTrail audit, Outbox outbox, Clock clock) {
    this.approvals = approvals;
    this.runs = runs;
    this.audit = audit;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** What the gate knows when it opens a request. */
  public record Opening(
      String team,
      String modelGroup,
      int version,
      String runId,
      UUID decisionId,
      String policy,
      int policyVersion,
      ApprovalRule rule,
      Map<String, Object> evidence,
      List<String> reasons) {}

  /**
   * Opens a request in the caller's (the deciding) transaction; empty if the model version already
   * has one.
   */
  @Transactional
  public Optional<Approval> open(Opening o) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Approval approval =
        new Approval(
            UUID.randomUUID(),
            o.team(),
            o.modelGroup(),
            o.version(),
            o.runId(),
            o.decisionId(),
            o.policy(),
            o.policyVersion(),
            o.rule().requiredRole(),
            o.rule().quorum(),
            Status.PENDING,
            null,
            o.runId() == null ? null : runs.requester(o.runId()).orElse(null),
            o.evidence(),
            o.reasons(),
            now,
            now.plus(o.rule().expiresIn()),
            null,
            List.of());
    if (!approvals.add(approval)) {
      return Optional.empty();
    }
    Map<String, Object> details = details(approval);
    details.put("requiredRole", approval.requiredRole());
    details.put("quorum", approval.quorum());
    details.put("expiresAt", approval.expiresAt().toString());
    details.put("evidence", approval.evidence());
    audit.record(SYSTEM, "approval.requested", o.modelGroup(), o.team(), details);
    return Optional.of(approval);
  }

  @Transactional(readOnly = true)
  public Paged<Approval> list(Caller caller, String status, PageRequest page) {
    Status wanted = null;
    if (status != null && !status.isBlank()) {
      try {
        wanted = Status.of(status);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("status", "status must be pending, approved or rejected");
      }
    }
    return approvals.find(caller.team(), wanted, page);
  }

  @Transactional(readOnly = true)
  public Approval get(UUID id, Caller caller) {
    return approvals
        .find(id)
        .filter(a -> caller.owns(a.team()))
        .orElseThrow(() -> ApiException.notFound("Approval", id.toString()));
  }

  @Transactional
  public Approval approve(UUID id, String comment, Caller caller) {
    return vote(id, Vote.APPROVE, comment, caller);
  }

  @Transactional
  public Approval reject(UUID id, String comment, Caller caller) {
    return vote(id, Vote.REJECT, comment, caller);
  }

  private Approval vote(UUID id, String verdict, String comment, Caller caller) {
    Approval a =
        approvals
            .lock(id)
            .filter(x -> caller.owns(x.team()))
            .orElseThrow(() -> ApiException.notFound("Approval", id.toString()));
    if (!caller.hasRole(a.requiredRole())) {
      throw ApiException.forbidden(
          "Approving or rejecting this request requires the role " + a.requiredRole());
    }
    if (a.status() != Status.PENDING) {
      throw ApiException.conflict(
          "The request is already " + a.status().id() + " (" + a.resolution() + ")");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (!now.isBefore(a.expiresAt())) {
      throw ApiException.conflict("The request expired at " + a.expiresAt());
    }
    String trainer =
        a.requestedBy() != null
            ? a.requestedBy()
            : a.runId() == null ? null : runs.requester(a.runId()).orElse(null);
    if (Vote.APPROVE.equals(verdict) && caller.subject().equals(trainer)) {
      throw ApiException.forbidden(
          "Separation of duties: "
              + trainer
              + " requested the training of this version and may not approve it");
    }
    String note = comment == null ? "" : comment.strip();
    if (note.length() > 2000) {
      throw ApiException.badRequest("comment", "comment is limited to 2000 characters");
    }
    try {
      approvals.addVote(id, new Vote(caller.subject(), verdict, note, now));
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict(caller.subject() + " has already voted on this request");
    }
    Approval voted = approvals.find(id).orElseThrow();
    Map<String, Object> details = details(voted);
    details.put("verdict", verdict);
    details.put("comment", note);
    details.put("approvals", voted.approvals());
    details.put("quorum", voted.quorum());
    audit.record(caller.subject(), "approval.vote-recorded", a.modelGroup(), a.team(), details);
    if (Vote.REJECT.equals(verdict)) {
      return resolve(voted, Status.REJECTED, "rejected by " + caller.subject(), caller.subject());
    }
    if (voted.approvals() >= voted.quorum()) {
      List<String> approvers =
          voted.votes().stream()
              .filter(v -> Vote.APPROVE.equals(v.verdict()))
              .map(Vote::voter)
              .toList();
      return resolve(
          voted, Status.APPROVED, "approved by " + String.join(", ", approvers), caller.subject());
    }
    return voted;
  }

  /** Rejects pending requests past their expiry; returns how many. */
  @Transactional
  public int expireDue() {
    Instant now = clock.instant();
    List<Approval> due = approvals.lockExpired(now, EXPIRY_BATCH);
    for (Approval a : due) {
      resolve(a, Status.REJECTED, "expired at " + a.expiresAt(), SYSTEM);
    }
    return due.size();
  }

  private Approval resolve(Approval a, Status status, String resolution, String actor) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    approvals.resolve(a.id(), status, resolution, now);
    List<String> reasons = new ArrayList<>(a.reasons());
    reasons.add("approval " + a.id() + ": " + resolution);
    String decisionId = a.decisionId().toString();
    if (status == Status.APPROVED) {
      outbox.publish(
          new ModelVersionApproved(a.team(), a.modelGroup(), a.version(), decisionId, reasons));
    } else {
      outbox.publish(
          new ModelVersionRejected(a.team(), a.modelGroup(), a.version(), decisionId, reasons));
    }
    Map<String, Object> details = details(a);
    details.put("status", status.id());
    details.put("resolution", resolution);
    String action =
        resolution.startsWith("expired")
            ? "approval.expired"
            : status == Status.APPROVED ? "approval.approved" : "approval.rejected";
    audit.record(actor, action, a.modelGroup(), a.team(), details);
    return approvals.find(a.id()).orElseThrow();
  }

  private static Map<String, Object> details(Approval a) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("approvalId", a.id().toString());
    details.put("modelGroup", a.modelGroup());
    details.put("version", a.version());
    details.put("decisionId", a.decisionId().toString());
    details.put("policy", a.policy());
    details.put("policyVersion", a.policyVersion());
    return details;
  }
}
