package dev.aifactory.policy.loop;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A recorded policy decision: who (team, subject), where (attachment point), which policy version,
 * on what inputs (and their SHA-256 digest), with what effect and why.
 */
public record Decision(
    UUID decisionId,
    String team,
    String subject,
    String attachmentPoint,
    String policy,
    int policyVersion,
    Effect effect,
    Map<String, Object> inputs,
    String inputsDigest,
    List<String> reasons,
    Instant createdAt) {

  public enum Effect {
    ALLOW,
    DENY;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
