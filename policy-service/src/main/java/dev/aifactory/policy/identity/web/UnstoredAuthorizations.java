package dev.aifactory.policy.identity.web;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps no authorizations. Only the client-credentials grant is enabled and its access tokens are
 * self-contained signed JWTs that every service validates against the JWKS, so nothing needs them
 * stored — whereas the default in-memory store grows with every token a long-running instance
 * issues. The price: token introspection and revocation report every token as unknown; revocation
 * would need a shared denylist anyway, since resource servers never call back here.
 */
class UnstoredAuthorizations implements OAuth2AuthorizationService {

  @Override
  public void save(OAuth2Authorization authorization) {
    // deliberately not kept, see the class comment
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    // nothing kept, nothing to remove
  }

  @Override
  public OAuth2Authorization findById(String id) {
    return null;
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    return null;
  }
}
