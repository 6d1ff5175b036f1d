package dev.aifactory.gateway.security;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that the real decoder (signature, issuer, time checks) already accepted, until
 * they expire. A data-plane client sends the same bearer token on thousands of requests; verifying
 * its RS256 signature each time was a visible share of the gateway's per-request CPU. A hit
 * re-checks expiry strictly (no clock skew allowance, so never more lenient than the decoder);
 * rejected tokens are never cached. The cache is bounded: when full it is emptied, which only costs
 * one verification per active token.
 */
final class CachingJwtDecoder implements JwtDecoder {

  static final int MAX_ENTRIES = 10_000;

  private final JwtDecoder delegate;
  private final Map<String, Jwt> accepted = new ConcurrentHashMap<>();

  CachingJwtDecoder(JwtDecoder delegate) {
    this.delegate = delegate;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Jwt cached = accepted.get(token);
    Instant now = Instant.now();
    if (cached != null) {
      if (isCurrent(cached, now)) {
        return cached;
      }
      accepted.remove(token, cached);
    }
    Jwt jwt = delegate.decode(token);
    if (jwt.getExpiresAt() != null && isCurrent(jwt, now)) {
      if (accepted.size() >= MAX_ENTRIES) {
        accepted.clear();
      }
      accepted.put(token, jwt);
    }
    return jwt;
  }

  private static boolean isCurrent(Jwt jwt, Instant now) {
    Instant expires = jwt.getExpiresAt();
    Instant notBefore = jwt.getNotBefore();
    return expires != null
        && now.isBefore(expires)
        && (notBefore == null || !now.isBefore(notBefore));
  }

  /** Wraps whichever {@link JwtDecoder} the resource server set-up created. */
  @Configuration(proxyBeanMethods = false)
  static class Wrapping {
    @Bean
    static BeanPostProcessor cachingJwtDecoderPostProcessor() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
            return new CachingJwtDecoder(decoder);
          }
          return bean;
        }
      };
    }
  }
}
