package dev.aifactory.policy.loop;

import dev.aifactory.policy.rules.Evaluation;
import dev.aifactory.policy.rules.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A recorded policy decision: who (team, subject), where (attachment point), which policy version
 * in which mode, on what inputs (and their SHA-256 digest), with what effect and why. {@code
 * evaluated} is what the expression itself said (allow, deny or error): under {@code warn} or
 * {@code audit} it may differ from the effect.
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
    Instant createdAt,
    String mode,
    String evaluated) {

  public enum Effect {
    ALLOW,
    DENY,
    /** Allowed, with a warning: a warn-mode policy or a soft limit would have denied. */
    WARN,
    /** Allowed by the policy, waiting for people to approve. */
    PENDING_APPROVAL;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the guarded action goes ahead now. */
    public boolean proceeds() {
      return this == ALLOW || this == WARN;
    }

    /** The effect of a verdict under a policy's mode: only enforce turns a deny into a deny. */
    public static Effect of(Policy.Mode mode, Evaluation evaluation) {
      if (evaluation.allowed()) {
        return ALLOW;
      }
      return switch (mode) {
        case ENFORCE -> DENY;
        case WARN -> WARN;
        case AUDIT -> ALLOW;
      };
    }

    public static Effect of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
