package dev.aifactory.dashboard.login;

import java.time.Instant;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a person's sign-in at policy-service into the session's {@link DashboardUser}: the team and
 * roles come from the access token (the same claims the services check on every call), the ID token
 * (already verified against the issuer's keys, audience and nonce by Spring Security) is kept for
 * who signed in. No user-info call: the access token says all the pages need.
 */
@Component
class PolicyUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

  private final JsonMapper json;

  PolicyUserService(JsonMapper json) {
    this.json = json;
  }

  @Override
  public OidcUser loadUser(OidcUserRequest request) {
    OAuth2AccessToken access = request.getAccessToken();
    TokenClaims claims;
    try {
      claims = TokenClaims.read(access.getTokenValue(), json);
    } catch (IllegalArgumentException e) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              "invalid_token",
              "The identity provider's access token could not be read, so the dashboard cannot"
                  + " tell your team and roles.",
              null));
    }
    String subject =
        claims.subject().isEmpty() ? request.getIdToken().getSubject() : claims.subject();
    Instant expiresAt =
        access.getExpiresAt() != null
            ? access.getExpiresAt()
            : claims.expiresAt() != null ? claims.expiresAt() : Instant.now().plusSeconds(300);
    return new DashboardUser(
        subject,
        claims.team(),
        claims.roles(),
        access.getTokenValue(),
        expiresAt,
        request.getIdToken());
  }
}
