package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.JsonNode;

/** policy-service: decisions, the hash-chained audit log and the policies. */
public final class PolicyApi {

  public record Decision(
      String decisionId,
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
      String evaluated) {}

  public record AuditEvent(
      long seq,
      String id,
      Instant at,
      String actor,
      String action,
      String subject,
      String team,
      JsonNode details,
      String prevHash,
      String hash) {}

  public record Verification(boolean valid, long checked, Long firstBrokenSeq) {}

  public record Policy(
      String name,
      int version,
      String attachmentPoint,
      String expression,
      String description,
      String mode,
      String scope,
      String createdBy,
      Instant createdAt,
      ApprovalRule approval) {}

  /** A promotion policy's approval block: who must approve, how many, and for how long. */
  public record ApprovalRule(String requiredRole, int quorum, long expiresInMinutes) {}

  /** One person's verdict on an approval request: {@code approve} or {@code reject}. */
  public record Vote(String voter, String verdict, String comment, Instant at) {}

  /**
   * What policy stored for the approver to look at: the candidate's metrics next to the champion's
   * (when there is one), and the training API paths of the version and its run.
   */
  public record Evidence(
      Map<String, Double> metrics,
      Integer championVersion,
      Map<String, Double> championMetrics,
      String modelVersion,
      String run,
      String artifactUri,
      String dataset,
      String trigger) {}

  /** A request for people to approve a model version that a promotion policy allowed. */
  public record Approval(
      String id,
      String team,
      String modelGroup,
      int version,
      String status,
      String resolution,
      String requiredRole,
      int quorum,
      long approvals,
      List<Vote> votes,
      String requestedBy,
      Evidence evidence,
      List<String> reasons,
      String decisionId,
      String policy,
      int policyVersion,
      Instant createdAt,
      Instant expiresAt,
      Instant resolvedAt) {

    public Approval {
      votes = votes == null ? List.of() : List.copyOf(votes);
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public boolean pending() {
      return "pending".equals(status);
    }

    /** The training run's id, from the evidence's {@code /api/v1/training-runs/{id}} path. */
    public String runId() {
      if (evidence == null || evidence.run() == null || evidence.run().isBlank()) {
        return null;
      }
      String run = evidence.run();
      return run.substring(run.lastIndexOf('/') + 1);
    }

    /** Every metric name of the candidate and the champion, sorted. */
    public java.util.SortedSet<String> metricNames() {
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      if (evidence != null && evidence.metrics() != null) {
        names.addAll(evidence.metrics().keySet());
      }
      if (evidence != null && evidence.championMetrics() != null) {
        names.addAll(evidence.championMetrics().keySet());
      }
      return names;
    }

    public Double candidateMetric(String name) {
      return evidence == null || evidence.metrics() == null ? null : evidence.metrics().get(name);
    }

    public Double championMetric(String name) {
      return evidence == null || evidence.championMetrics() == null
          ? null
          : evidence.championMetrics().get(name);
    }
  }

  record VoteBody(String comment) {}

  private final ServiceClient client;

  PolicyApi(ServiceClient client) {
    this.client = client;
  }

  public Page<Decision> decisions(String token, int size) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<Decision>>() {},
        "/api/v1/decisions?size={size}",
        size);
  }

  public Page<AuditEvent> auditEvents(String token, int page, int size) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<AuditEvent>>() {},
        "/api/v1/audit-events?page={page}&size={size}",
        page,
        size);
  }

  public Verification verifyAudit(String token) {
    return client.get(token, Verification.class, "/api/v1/audit-events/verify");
  }

  /**
   * The caller's team's approval requests; {@code status} is pending, approved, rejected or null.
   */
  public Page<Approval> approvals(String token, String status, int size) {
    if (status == null) {
      return client.get(
          token,
          new ParameterizedTypeReference<Page<Approval>>() {},
          "/api/v1/approvals?size={size}",
          size);
    }
    return client.get(
        token,
        new ParameterizedTypeReference<Page<Approval>>() {},
        "/api/v1/approvals?status={status}&size={size}",
        status,
        size);
  }

  public Approval approval(String token, String id) {
    return client.get(token, Approval.class, "/api/v1/approvals/{id}", id);
  }

  /** Records the caller's approval; policy refuses other roles, the trainer and late votes. */
  public Approval approve(String token, String id, String comment) {
    return client.post(
        token, new VoteBody(comment), Approval.class, "/api/v1/approvals/{id}/approve", id);
  }

  /** Records the caller's rejection, which resolves the request as rejected. */
  public Approval reject(String token, String id, String comment) {
    return client.post(
        token, new VoteBody(comment), Approval.class, "/api/v1/approvals/{id}/reject", id);
  }

  public Page<Policy> policies(String token) {
    return client.get(token, new ParameterizedTypeReference<Page<Policy>>() {}, "/api/v1/policies");
  }
}
