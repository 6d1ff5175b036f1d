package dev.aifactory.common.security;

import java.io.Serializable;
import java.util.Set;

/**
 * The authenticated caller of a request: token subject, team and roles. Declare it as a controller
 * method parameter to receive it. Serializable because authentications that hold it are.
 */
public record Caller(String subject, String team, Set<String> roles) implements Serializable {

  public static final String VIEWER = "viewer";
  public static final String DATA_ENGINEER = "data-engineer";
  public static final String ML_ENGINEER = "ml-engineer";
  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";

  /**
   * A platform service (e.g. training-service checking a grant at ingestion). A service caller
   * names the team it acts for in {@link #ON_BEHALF_OF_HEADER}; it then sees that team's objects
   * and holds no other role.
   */
  public static final String SERVICE = "service";

  /** Request header in which a {@link #SERVICE} caller names the team it acts for. */
  public static final String ON_BEHALF_OF_HEADER = "X-Aifactory-On-Behalf-Of";

  /** True for a platform service acting for a team. */
  public boolean isService() {
    return roles.contains(SERVICE);
  }

  public boolean hasRole(String role) {
    return roles.contains(role) || roles.contains(ADMIN);
  }

  /** True if the caller may see objects of {@code ownerTeam}: only its own team's. */
  public boolean owns(String ownerTeam) {
    return team != null && team.equals(ownerTeam);
  }
}
