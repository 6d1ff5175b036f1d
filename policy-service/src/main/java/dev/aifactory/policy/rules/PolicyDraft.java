package dev.aifactory.policy.rules;

/**
 * A requested policy version. Omitted fields keep the current version's values; a new policy needs
 * {@code attachmentPoint} and {@code expression} and defaults to enforce, global, no approval.
 */
public record PolicyDraft(
    String expression,
    String description,
    String attachmentPoint,
    String mode,
    String scope,
    ApprovalDraft approval) {

  public PolicyDraft(
      String expression, String description, String attachmentPoint, String mode, String scope) {
    this(expression, description, attachmentPoint, mode, scope, null);
  }

  /**
   * Requires people to approve what the policy allows ({@code required: false} removes that).
   * Defaults: role approver, quorum 1, 1440 minutes.
   */
  public record ApprovalDraft(
      Boolean required, String requiredRole, Integer quorum, Long expiresInMinutes) {}
}
