package dev.aifactory.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.security.CallerArgumentResolver;
import dev.aifactory.common.security.CallerJwtAuthentication;
import dev.aifactory.common.testing.TestJwts;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class CachingJwtAuthenticationTest {

  private final AtomicInteger verifications = new AtomicInteger();
  private final JwtDecoder real = NimbusJwtDecoder.withPublicKey(TestJwts.publicKey()).build();
  private final CachingJwtAuthentication authentication =
      new CachingJwtAuthentication(
          token -> {
            verifications.incrementAndGet();
            return real.decode(token);
          });

  @Test
  void verifiesAnAcceptedTokenOnlyOnceAndAuthenticatesEveryRequestAlike() {
    String token = TestJwts.token("vic", "growth", "viewer");

    for (int i = 0; i < 100; i++) {
      BearerTokenAuthenticationToken request = new BearerTokenAuthenticationToken(token);
      request.setDetails("request-" + i);
      Authentication result = authentication.authenticate(request);
      assertThat(result).isInstanceOf(JwtAuthenticationToken.class);
      assertThat(result.isAuthenticated()).isTrue();
      assertThat(result.getName()).isEqualTo("vic");
      assertThat(((JwtAuthenticationToken) result).getToken().getClaimAsString("team"))
          .isEqualTo("growth");
      assertThat(result.getAuthorities())
          .extracting(GrantedAuthority::getAuthority)
          .contains("ROLE_viewer");
      // Each request's own details, not the first one's.
      assertThat(result.getDetails()).isEqualTo("request-" + i);
    }

    assertThat(verifications).hasValue(1);
  }

  @Test
  void carriesTheCallerItsClaimsNameBuiltOncePerToken() {
    String token = TestJwts.token("vic", "growth", "viewer", "ml-engineer");

    Authentication first = authentication.authenticate(new BearerTokenAuthenticationToken(token));
    Authentication second = authentication.authenticate(new BearerTokenAuthenticationToken(token));

    assertThat(first).isInstanceOf(CallerJwtAuthentication.class);
    Caller caller = ((CallerJwtAuthentication) first).caller();
    assertThat(caller)
        .isEqualTo(new Caller("vic", "growth", Set.of("viewer", "ml-engineer")))
        .isEqualTo(CallerArgumentResolver.fromJwt(((JwtAuthenticationToken) first).getToken()));
    assertThat(((CallerJwtAuthentication) second).caller()).isSameAs(caller);
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void differentTokensGetTheirOwnCallers() {
    Authentication vic =
        authentication.authenticate(
            new BearerTokenAuthenticationToken(TestJwts.token("vic", "growth", "viewer")));
    Authentication ana =
        authentication.authenticate(
            new BearerTokenAuthenticationToken(TestJwts.token("ana", "risk", "approver")));

    assertThat(((CallerJwtAuthentication) vic).caller())
        .isEqualTo(new Caller("vic", "growth", Set.of("viewer")));
    assertThat(((CallerJwtAuthentication) ana).caller())
        .isEqualTo(new Caller("ana", "risk", Set.of("approver")));
  }

  @Test
  void neverCachesARejectedToken() {
    String expired = TestJwts.expiredToken("vic", "growth", "viewer");

    assertThatThrownBy(
            () -> authentication.authenticate(new BearerTokenAuthenticationToken(expired)))
        .isInstanceOf(InvalidBearerTokenException.class);
    assertThatThrownBy(
            () -> authentication.authenticate(new BearerTokenAuthenticationToken(expired)))
        .isInstanceOf(InvalidBearerTokenException.class);

    assertThat(verifications).hasValue(2);
  }

  @Test
  void aTamperedCopyOfACachedTokenIsStillVerifiedAndRejected() {
    String token = TestJwts.token("vic", "growth", "viewer");
    authentication.authenticate(new BearerTokenAuthenticationToken(token));
    String tampered = token.substring(0, token.length() - 4) + "AAAA";

    assertThatThrownBy(
            () -> authentication.authenticate(new BearerTokenAuthenticationToken(tampered)))
        .isInstanceOf(InvalidBearerTokenException.class);
    assertThat(verifications).hasValue(2);
  }
}
