package dev.aifactory.policy.identity.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps the authorizations of the authorization-code grant in memory, each until its last token
 * (code, access, refresh) expires, and at most {@code capacity} of them (the one closest to expiry
 * goes first). They must live from authorize to token, and the OIDC userinfo endpoint looks the
 * access token up. Client-credentials authorizations are not kept at all: their tokens are
 * self-contained JWTs (see ADR 0019). One instance only: several policy instances behind a load
 * balancer need a shared (JDBC) store or sticky sessions for the code flow.
 */
class ExpiringAuthorizations implements OAuth2AuthorizationService {

  /** How long an authorization that holds no token yet (consent pending) is kept. */
  static final Duration PENDING = Duration.ofMinutes(10);

  private record Entry(OAuth2Authorization authorization, Instant expiresAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final int capacity;
  private final Clock clock;

  ExpiringAuthorizations(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(
        authorization.getAuthorizationGrantType())) {
      return;
    }
    Instant now = clock.instant();
    entries.put(authorization.getId(), new Entry(authorization, expiry(authorization, now)));
    evict(now);
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    entries.remove(authorization.getId());
  }

  @Override
  public OAuth2Authorization findById(String id) {
    Entry entry = entries.get(id);
    return live(entry) ? entry.authorization() : null;
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    return entries.values().stream()
        .filter(this::live)
        .map(Entry::authorization)
        .filter(a -> matches(a, token, tokenType))
        .findFirst()
        .orElse(null);
  }

  int size() {
    return entries.size();
  }

  private boolean live(Entry entry) {
    return entry != null && entry.expiresAt().isAfter(clock.instant());
  }

  private void evict(Instant now) {
    entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
    while (entries.size() > capacity) {
      entries.values().stream()
          .min(Comparator.comparing(Entry::expiresAt))
          .ifPresent(e -> entries.remove(e.authorization().getId()));
    }
  }

  private static Instant expiry(OAuth2Authorization a, Instant now) {
    return Stream.of(
            a.getToken(OAuth2AuthorizationCode.class),
            a.getAccessToken(),
            a.getRefreshToken(),
            a.getToken(OidcIdToken.class))
        .filter(Objects::nonNull)
        .map(OAuth2Authorization.Token::getToken)
        .map(OAuth2Token::getExpiresAt)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder())
        .orElse(now.plus(PENDING));
  }

  private static boolean matches(OAuth2Authorization a, String token, OAuth2TokenType type) {
    if (type == null) {
      return token.equals(a.getAttribute(OAuth2ParameterNames.STATE))
          || hasToken(a.getToken(OAuth2AuthorizationCode.class), token)
          || hasToken(a.getAccessToken(), token)
          || hasToken(a.getRefreshToken(), token)
          || hasToken(a.getToken(OidcIdToken.class), token);
    }
    return switch (type.getValue()) {
      case OAuth2ParameterNames.STATE -> token.equals(a.getAttribute(OAuth2ParameterNames.STATE));
      case OAuth2ParameterNames.CODE -> hasToken(a.getToken(OAuth2AuthorizationCode.class), token);
      case OAuth2ParameterNames.ACCESS_TOKEN -> hasToken(a.getAccessToken(), token);
      case OAuth2ParameterNames.REFRESH_TOKEN -> hasToken(a.getRefreshToken(), token);
      case OidcParameterNames.ID_TOKEN -> hasToken(a.getToken(OidcIdToken.class), token);
      default -> false;
    };
  }

  private static boolean hasToken(OAuth2Authorization.Token<?> t, String value) {
    return t != null && value.equals(t.getToken().getTokenValue());
  }
}
