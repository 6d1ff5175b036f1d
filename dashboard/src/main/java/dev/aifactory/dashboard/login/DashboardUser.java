package dev.aifactory.dashboard.login;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who is signed in, kept in the HTTP session: the access token policy-service issued (every API
 * call carries it) and the team and roles read from it, for what the pages show. A person signed in
 * through policy's login (authorization code + PKCE) also has the ID token; a service account
 * signed in with a client id and secret has none. Being an {@link OidcUser} lets both kinds of
 * sign-in put the same principal in the session, so every page reads it the same way.
 */
public record DashboardUser(
    String subject,
    String team,
    List<String> roles,
    String accessToken,
    Instant expiresAt,
    OidcIdToken idToken)
    implements OidcUser, Serializable {

  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";
  public static final String ML_ENGINEER = "ml-engineer";
  public static final String DATA_ENGINEER = "data-engineer";

  public DashboardUser {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** A service account (client id and secret): no ID token. */
  public DashboardUser(
      String subject, String team, List<String> roles, String accessToken, Instant expiresAt) {
    this(subject, team, roles, accessToken, expiresAt, null);
  }

  /** May move the champion alias: the approver or admin role. */
  public boolean canApprove() {
    return roles.contains(APPROVER) || roles.contains(ADMIN);
  }

  /** May cancel runs and pause, resume or abort rollouts: the ml-engineer or admin role. */
  public boolean canOperate() {
    return roles.contains(ML_ENGINEER) || roles.contains(ADMIN);
  }

  /** May confirm or override a column's classification tags (the data steward's decision). */
  public boolean canSteward() {
    return roles.contains(DATA_ENGINEER) || roles.contains(ADMIN);
  }

  public boolean admin() {
    return roles.contains(ADMIN);
  }

  /** Signed in as a person through policy's login page, not with a client id and secret. */
  public boolean person() {
    return idToken != null;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public Map<String, Object> getClaims() {
    if (idToken != null) {
      return idToken.getClaims();
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    return claims;
  }

  @Override
  public OidcUserInfo getUserInfo() {
    return null;
  }

  @Override
  public OidcIdToken getIdToken() {
    return idToken;
  }

  @Override
  public Map<String, Object> getAttributes() {
    return getClaims();
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
  }

  @Override
  public String getName() {
    return subject;
  }

  @Override
  public String toString() {
    // Never log the tokens.
    return "DashboardUser[subject=" + subject + ", team=" + team + ", roles=" + roles + "]";
  }
}
