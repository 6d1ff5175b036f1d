package dev.aifactory.policy.rules;

import java.time.Instant;
import java.util.Locale;

/**
 * One version of a named CEL policy. A change is a new version; versions are never edited. {@code
 * scope} says where it applies (see {@link PolicyScope}); {@code mode} whether its verdict is
 * enforced; {@code approval}, when set, whether people must approve what it allows.
 */
public record Policy(
    String name,
    int version,
    AttachmentPoint attachmentPoint,
    String expression,
    String description,
    Mode mode,
    PolicyScope scope,
    ApprovalRule approval,
    String createdBy,
    Instant createdAt) {

  /** A global, enforced policy (what every policy was before modes and scopes). */
  public Policy(
      String name,
      int version,
      AttachmentPoint attachmentPoint,
      String expression,
      String description,
      String createdBy,
      Instant createdAt) {
    this(
        name,
        version,
        attachmentPoint,
        expression,
        description,
        Mode.ENFORCE,
        PolicyScope.GLOBAL,
        null,
        createdBy,
        createdAt);
  }

  public boolean requiresApproval() {
    return approval != null;
  }

  /**
   * What happens to a verdict: {@code enforce} applies it; {@code warn} allows a would-be deny as a
   * {@code warn} decision; {@code audit} allows and only records what would have happened.
   */
  public enum Mode {
    ENFORCE,
    WARN,
    AUDIT;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mode of(String id) {
      for (Mode m : values()) {
        if (m.id().equals(id)) {
          return m;
        }
      }
      throw new IllegalArgumentException("mode must be one of enforce, warn, audit");
    }
  }
}
