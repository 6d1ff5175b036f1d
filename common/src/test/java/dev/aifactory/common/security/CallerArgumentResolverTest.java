package dev.aifactory.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.common.web.ApiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class CallerArgumentResolverTest {

  private final NimbusJwtDecoder decoder =
      NimbusJwtDecoder.withPublicKey(TestJwts.publicKey()).build();

  @AfterEach
  void clearContext() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void readsTheCallerFromTheTokensClaims() {
    Jwt jwt = decoder.decode(TestJwts.token("vic", "growth", "viewer", "ml-engineer"));
    SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));

    assertThat(CallerArgumentResolver.current(new MockHttpServletRequest()))
        .isEqualTo(new Caller("vic", "growth", Set.of("viewer", "ml-engineer")));
  }

  @Test
  void takesTheCallerAnAuthenticationAlreadyHoldsInsteadOfTheClaims() {
    Jwt jwt = decoder.decode(TestJwts.token("vic", "growth", "viewer"));
    Caller held = new Caller("vic", "growth", Set.of("viewer"));
    SecurityContextHolder.getContext().setAuthentication(new HeldCaller(jwt, held));

    assertThat(CallerArgumentResolver.current(new MockHttpServletRequest())).isSameAs(held);
  }

  @Test
  void aHeldServiceCallerStillActsOnlyForTheTeamItNames() {
    Jwt jwt = decoder.decode(TestJwts.token("training-service", null, Caller.SERVICE));
    Caller service = new Caller("training-service", null, Set.of(Caller.SERVICE));
    SecurityContextHolder.getContext().setAuthentication(new HeldCaller(jwt, service));
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader(Caller.ON_BEHALF_OF_HEADER, " growth ");

    assertThat(CallerArgumentResolver.current(request))
        .isEqualTo(new Caller("training-service", "growth", Set.of(Caller.SERVICE)));
    assertThatThrownBy(() -> CallerArgumentResolver.current(new MockHttpServletRequest()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
  }

  @Test
  void rejectsARequestWithoutAnAuthenticatedCaller() {
    assertThatThrownBy(() -> CallerArgumentResolver.current(new MockHttpServletRequest()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
  }

  private static final class HeldCaller extends JwtAuthenticationToken
      implements CallerAuthentication {

    private final Caller caller;

    HeldCaller(Jwt jwt, Caller caller) {
      super(jwt, List.of(new SimpleGrantedAuthority("ROLE_viewer")));
      this.caller = caller;
    }

    @Override
    public Caller caller() {
      return caller;
    }
  }
}
