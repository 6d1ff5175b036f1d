package dev.aifactory.policy.rules;

import java.time.Duration;

/**
 * People must approve what a promotion policy allows: {@code quorum} distinct callers holding
 * {@code requiredRole}, none of whom requested the training, within {@code expiresIn}.
 */
public record ApprovalRule(String requiredRole, int quorum, Duration expiresIn) {

  public static final String DEFAULT_ROLE = "approver";
  public static final int MAX_QUORUM = 10;
  public static final Duration DEFAULT_EXPIRY = Duration.ofDays(1);
  public static final Duration MAX_EXPIRY = Duration.ofDays(30);
}
