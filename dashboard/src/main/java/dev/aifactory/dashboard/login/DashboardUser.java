package dev.aifactory.dashboard.login;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Who is signed in, kept in the HTTP session: the access token policy-service issued (every API
 * call carries it) and the team and roles read from it, for what the pages show.
 */
public record DashboardUser(
    String subject, String team, List<String> roles, String accessToken, Instant expiresAt)
    implements Serializable {

  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";

  public DashboardUser {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** May move the champion alias: the approver or admin role. */
  public boolean canApprove() {
    return roles.contains(APPROVER) || roles.contains(ADMIN);
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    // Never log the token.
    return "DashboardUser[subject=" + subject + ", team=" + team + ", roles=" + roles + "]";
  }
}
