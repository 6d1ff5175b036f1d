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

  private static final List<SimpleGrantedAuthority> ROLES =
      List.of(new SimpleGrantedAuthority("ROLE_viewer"));

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
    CallerJwtAuthentication authentication = new CallerJwtAuthentication(jwt, ROLES, "vic");
    Caller held = authentication.caller();
    SecurityContextHolder.getContext().setAuthentication(authentication);

    assertThat(held).isEqualTo(new Caller("vic", "growth", Set.of("viewer")));
    assertThat(CallerArgumentResolver.current(new MockHttpServletRequest())).isSameAs(held);
    // One per request, the caller read once.
    assertThat(authentication.withDetails("request-2").caller()).isSameAs(held);
  }

  @Test
  void aHeldServiceCallerStillActsOnlyForTheTeamItNames() {
    Jwt jwt = decoder.decode(TestJwts.token("training-service", null, Caller.SERVICE));
    SecurityContextHolder.getContext()
        .setAuthentication(new CallerJwtAuthentication(jwt, ROLES, "training-service"));
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
}
