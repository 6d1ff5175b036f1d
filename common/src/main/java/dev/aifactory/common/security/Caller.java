package dev.aifactory.common.security;

import java.util.Set;

/**
 * The authenticated caller of a request: token subject, team and roles. Declare it as a controller
 * method parameter to receive it.
 */
public record Caller(String subject, String team, Set<String> roles) {

  public static final String VIEWER = "viewer";
  public static final String DATA_ENGINEER = "data-engineer";
  public static final String ML_ENGINEER = "ml-engineer";
  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";

  public boolean hasRole(String role) {
    return roles.contains(role) || roles.contains(ADMIN);
  }

  /** True if the caller may see objects of {@code ownerTeam}: only its own team's. */
  public boolean owns(String ownerTeam) {
    return team != null && team.equals(ownerTeam);
  }
}
