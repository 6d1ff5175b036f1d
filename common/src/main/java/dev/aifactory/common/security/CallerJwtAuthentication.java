package dev.aifactory.common.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A JWT authentication that holds the {@link Caller} its token's claims name, read once when it is
 * built rather than on every request that {@link CallerArgumentResolver#current} resolves. For an
 * authentication manager that keeps accepted tokens (the gateway's) and hands out one per request
 * with {@link #withDetails}.
 *
 * <p>The caller is always {@link CallerArgumentResolver#fromJwt} of the token (the token's own
 * subject, team and roles, before any {@link Caller#ON_BEHALF_OF_HEADER} is applied): it is derived
 * here, never passed in.
 */
public final class CallerJwtAuthentication extends JwtAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final Caller caller;

  public CallerJwtAuthentication(
      Jwt jwt, Collection<? extends GrantedAuthority> authorities, String name) {
    this(jwt, authorities, name, CallerArgumentResolver.fromJwt(jwt));
  }

  private CallerJwtAuthentication(
      Jwt jwt, Collection<? extends GrantedAuthority> authorities, String name, Caller caller) {
    super(jwt, authorities, name);
    this.caller = caller;
  }

  public Caller caller() {
    return caller;
  }

  /** A new authentication for one request: the same token and caller, that request's details. */
  public CallerJwtAuthentication withDetails(Object details) {
    CallerJwtAuthentication fresh =
        new CallerJwtAuthentication(getToken(), getAuthorities(), getName(), caller);
    fresh.setDetails(details);
    return fresh;
  }
}
