package dev.aifactory.gateway.security;

import dev.aifactory.common.config.ResourceServerAutoConfiguration;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.security.CallerJwtAuthentication;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The gateway's bearer-token authentication: Spring Security's {@link JwtAuthenticationProvider}
 * (signature, issuer and time checks by the resource server's {@link JwtDecoder}, roles from the
 * {@code roles} claim), remembering what it accepted for a token until the token expires.
 *
 * <p>Why: a data-plane client sends the same token on thousands of requests. Verifying its RS256
 * signature each time was a visible share of the gateway's CPU per request, and once that was
 * cached (ADR 0012), turning the same claims into the same authorities and publishing an
 * authentication event still were (5 % of the data plane's profile). A hit re-checks expiry
 * strictly (no clock-skew allowance, so never more lenient than the decoder) and returns a new
 * token object carrying this request's details; rejected tokens are never cached. The cache is
 * bounded: when full it is emptied, which costs one verification per active token. No
 * authentication events are published (nothing in the platform listens to them).
 *
 * <p>The result is a {@link CallerJwtAuthentication} holding the token's {@link Caller}, read from
 * the claims once per token rather than on every request (claim lookups through the claim
 * accessor's conversion service, a role set copied): ~0.2 µs a request, small beside the ~300 µs a
 * request costs, but paid on every one (docs/benchmarks.md, "Session 13"; {@code
 * CallerResolutionBenchmark}).
 */
public final class CachingJwtAuthentication implements AuthenticationManager {

  static final int MAX_ENTRIES = 10_000;

  private final AuthenticationManager provider;
  private final Map<String, CallerJwtAuthentication> accepted = new ConcurrentHashMap<>();

  public CachingJwtAuthentication(JwtDecoder decoder) {
    JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
    jwt.setJwtAuthenticationConverter(ResourceServerAutoConfiguration.jwtAuthenticationConverter());
    this.provider = new ProviderManager(jwt);
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
      return provider.authenticate(authentication);
    }
    String token = bearer.getToken();
    Instant now = Instant.now();
    CallerJwtAuthentication known = accepted.get(token);
    if (known != null) {
      if (isCurrent(known.getToken(), now)) {
        return known.withDetails(bearer.getDetails());
      }
      accepted.remove(token, known);
    }
    Authentication result = provider.authenticate(bearer);
    if (!(result instanceof JwtAuthenticationToken jwt)) {
      return result;
    }
    CallerJwtAuthentication withCaller =
        new CallerJwtAuthentication(jwt.getToken(), jwt.getAuthorities(), jwt.getName());
    if (isCurrent(jwt.getToken(), now)) {
      if (accepted.size() >= MAX_ENTRIES) {
        accepted.clear();
      }
      accepted.put(token, withCaller);
    }
    return withCaller.withDetails(bearer.getDetails());
  }

  private static boolean isCurrent(Jwt jwt, Instant now) {
    Instant expires = jwt.getExpiresAt();
    Instant notBefore = jwt.getNotBefore();
    return expires != null
        && now.isBefore(expires)
        && (notBefore == null || !now.isBefore(notBefore));
  }
}
