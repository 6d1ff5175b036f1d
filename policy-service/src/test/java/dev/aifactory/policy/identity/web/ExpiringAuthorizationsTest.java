package dev.aifactory.policy.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class ExpiringAuthorizationsTest {

  static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  static final RegisteredClient CLIENT =
      RegisteredClient.withId("dashboard")
          .clientId("dashboard")
          .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
          .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
          .redirectUri("http://127.0.0.1:8085/cb")
          .build();

  /** A clock the test moves by hand. */
  static final class Hand extends Clock {
    Instant now = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static OAuth2Authorization withCode(String id, String code, Instant expiresAt) {
    return OAuth2Authorization.withRegisteredClient(CLIENT)
        .id(id)
        .principalName("alice")
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .attribute(OAuth2ParameterNames.STATE, "state-" + id)
        .token(new OAuth2AuthorizationCode(code, NOW, expiresAt))
        .build();
  }

  @Test
  void findsAnAuthorizationByItsCodeUntilTheCodeExpires() {
    Hand clock = new Hand();
    ExpiringAuthorizations store = new ExpiringAuthorizations(10, clock);
    store.save(withCode("a", "code-a", NOW.plusSeconds(300)));
    assertThat(store.findByToken("code-a", new OAuth2TokenType(OAuth2ParameterNames.CODE)))
        .isNotNull();
    assertThat(store.findByToken("code-a", null)).isNotNull();
    assertThat(store.findById("a")).isNotNull();
    clock.now = NOW.plusSeconds(301);
    assertThat(store.findByToken("code-a", null)).isNull();
    assertThat(store.findById("a")).isNull();
  }

  @Test
  void keepsAtMostItsCapacityDroppingTheOneClosestToExpiry() {
    ExpiringAuthorizations store = new ExpiringAuthorizations(2, new Hand());
    store.save(withCode("soon", "c1", NOW.plusSeconds(60)));
    store.save(withCode("late", "c2", NOW.plusSeconds(600)));
    store.save(withCode("later", "c3", NOW.plusSeconds(900)));
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.findById("soon")).isNull();
    assertThat(store.findById("late")).isNotNull();
  }

  @Test
  void keepsNoClientCredentialsAuthorization() {
    ExpiringAuthorizations store = new ExpiringAuthorizations(10, new Hand());
    store.save(
        OAuth2Authorization.withRegisteredClient(CLIENT)
            .id("cc")
            .principalName("dashboard")
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .build());
    assertThat(store.size()).isZero();
  }
}
