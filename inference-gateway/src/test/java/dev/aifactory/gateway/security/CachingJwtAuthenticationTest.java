package dev.aifactory.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.common.testing.TestJwts;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
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
  private final JwtDecoder real = NimbusJwtDecoder.withPublicKey(testKey()).build();
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

  private static RSAPublicKey testKey() {
    try (InputStream in =
        CachingJwtAuthenticationTest.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
