package dev.aifactory.policy.approvals;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A request for people to approve a model version that a promotion policy allowed. {@code
 * requestedBy} is who requested the training (when known): that principal may not approve.
 */
public record Approval(
    UUID id,
    String team,
    String modelGroup,
    int version,
    String runId,
    UUID decisionId,
    String policy,
    int policyVersion,
    String requiredRole,
    int quorum,
    Status status,
    String resolution,
    String requestedBy,
    Map<String, Object> evidence,
    List<String> reasons,
    Instant createdAt,
    Instant expiresAt,
    Instant resolvedAt,
    List<Vote> votes) {

  public enum Status {
    PENDING,
    APPROVED,
    REJECTED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT));
    }
  }

  /** One person's verdict; {@code verdict} is approve or reject. */
  public record Vote(String voter, String verdict, String comment, Instant at) {

    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";
  }

  public long approvals() {
    return votes.stream().filter(v -> Vote.APPROVE.equals(v.verdict())).count();
  }
}
