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

  /** A team's spend this month against its budget; state none, ok, soft or hard. */
  public record Budget(
      String team,
      String period,
      String state,
      Double monthlyLimitUsd,
      Double softLimitUsd,
      double spentUsd,
      String reason) {

    /** Spent as a share of the limit (0–1+), null without a limit. */
    public Double share() {
      return monthlyLimitUsd == null || monthlyLimitUsd <= 0 ? null : spentUsd / monthlyLimitUsd;
    }
  }

  /** A policy with every version it had, newest first. */
  public record PolicyDetail(Policy current, List<Policy> versions) {

    public PolicyDetail {
      versions = versions == null ? List.of() : List.copyOf(versions);
    }
  }

  /** What an admin submits from the editor: omitted fields keep the current version's. */
  public record PolicyDraft(
      String expression, String description, String attachmentPoint, String mode, String scope) {}

  /** One recorded decision replayed with the candidate expression. */
  public record DryRunResult(
      String decisionId,
      String subject,
      Instant decidedAt,
      String decidedPolicy,
      Integer decidedPolicyVersion,
      String decided,
      String wouldDecide,
      String evaluated,
      String error,
      boolean changed,
      Map<String, Object> input) {}

  public record DryRunReport(
      String policy,
      int version,
      String attachmentPoint,
      String mode,
      String scope,
      String expression,
      boolean candidate,
      int evaluatedCount,
      int changedCount,
      List<DryRunResult> results) {

    public DryRunReport {
      results = results == null ? List.of() : List.copyOf(results);
    }
  }

  record DryRunBody(String expression) {}

  public record Webhook(
      String id,
      String team,
      String url,
      List<String> events,
      String createdBy,
      Instant createdAt) {}

  /** One event's delivery to a webhook: pending (with the next try), delivered or failed. */
  public record Delivery(
      String id,
      String eventId,
      String eventType,
      String subject,
      String status,
      int attempts,
      Instant nextAttemptAt,
      Integer lastStatus,
      String lastError,
      Instant createdAt,
      Instant deliveredAt) {}

  /** An event a consumer could not handle, kept by policy from the {@code *.dlt} topics. */
  public record DeadLetter(
      String id,
      String topic,
      Integer partition,
      Long offset,
      String eventId,
      String eventType,
      String team,
      String consumerGroup,
      String error,
      JsonNode payload,
      Instant recordedAt,
      Instant replayedAt,
      String replayedBy) {

    public String payloadText() {
      return payload == null ? "" : payload.toString();
    }
  }

  /** Where a model group's loop stands, as policy tracks it (read loosely: a new route). */
  public record Loop(
      String modelGroup, String state, String detail, Integer version, String since) {

    static Loop of(JsonNode n) {
      return new Loop(
          Loose.text(n, "modelGroup", "group", "name"),
          Loose.text(n, "state", "status"),
          Loose.text(n, "detail", "reason", "description"),
          n.path("version").isNumber()
              ? Integer.valueOf(n.path("version").asInt())
              : n.path("candidateVersion").isNumber()
                  ? Integer.valueOf(n.path("candidateVersion").asInt())
                  : null,
          Loose.text(n, "since", "changedAt", "updatedAt", "at"));
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

  public PolicyDetail policy(String token, String name) {
    return client.get(token, PolicyDetail.class, "/api/v1/policies/{name}", name);
  }

  /**
   * Saves a new version; policy checks the admin role and compiles the expression (400 with the
   * position).
   */
  public Policy putPolicy(String token, String name, PolicyDraft draft) {
    return client.put(token, draft, Policy.class, "/api/v1/policies/{name}", name);
  }

  /**
   * Replays the last {@code last} recorded decisions with {@code expression} (null: the current
   * one).
   */
  public DryRunReport dryRun(String token, String name, String expression, int last) {
    return client.post(
        token,
        new DryRunBody(expression),
        DryRunReport.class,
        "/api/v1/policies/{name}/dry-run?last={last}",
        name,
        last);
  }

  public Page<Webhook> webhooks(String token) {
    return client.get(
        token, new ParameterizedTypeReference<Page<Webhook>>() {}, "/api/v1/webhooks?size=100");
  }

  public Page<Delivery> deliveries(String token, String webhookId, int size) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<Delivery>>() {},
        "/api/v1/webhooks/{id}/deliveries?size={size}",
        webhookId,
        size);
  }

  public Page<DeadLetter> deadLetters(String token, int page, int size) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<DeadLetter>>() {},
        "/api/v1/dead-letters?page={page}&size={size}",
        page,
        size);
  }

  /** Re-publishes a dead letter to its original topic (admins only, checked by policy too). */
  public JsonNode replay(String token, String id) {
    return client.post(token, Map.of(), JsonNode.class, "/api/v1/dead-letters/{id}/replay", id);
  }

  public List<Loop> loops(String token) {
    JsonNode answer = client.get(token, JsonNode.class, "/api/v1/loops?size=200");
    JsonNode items = answer == null ? null : answer.isArray() ? answer : answer.path("items");
    List<Loop> loops = new java.util.ArrayList<>();
    if (items != null && items.isArray()) {
      items.forEach(n -> loops.add(Loop.of(n)));
    }
    return loops;
  }

  public Budget budget(String token, String team) {
    return client.get(token, Budget.class, "/api/v1/budgets/{team}", team);
  }

  public Page<Policy> policies(String token) {
    return client.get(token, new ParameterizedTypeReference<Page<Policy>>() {}, "/api/v1/policies");
  }
}
