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
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class CachingJwtDecoderTest {

  private final AtomicInteger verifications = new AtomicInteger();
  private final JwtDecoder real = NimbusJwtDecoder.withPublicKey(testKey()).build();
  private final CachingJwtDecoder decoder =
      new CachingJwtDecoder(
          token -> {
            verifications.incrementAndGet();
            return real.decode(token);
          });

  @Test
  void verifiesAnAcceptedTokenOnlyOnce() {
    String token = TestJwts.token("vic", "growth", "viewer");

    for (int i = 0; i < 100; i++) {
      assertThat(decoder.decode(token).getClaimAsString("team")).isEqualTo("growth");
    }

    assertThat(verifications).hasValue(1);
  }

  @Test
  void neverCachesARejectedToken() {
    String expired = TestJwts.expiredToken("vic", "growth", "viewer");

    assertThatThrownBy(() -> decoder.decode(expired)).isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(expired)).isInstanceOf(JwtException.class);

    assertThat(verifications).hasValue(2);
  }

  @Test
  void aTamperedCopyOfACachedTokenIsStillVerifiedAndRejected() {
    String token = TestJwts.token("vic", "growth", "viewer");
    decoder.decode(token);
    String tampered = token.substring(0, token.length() - 4) + "AAAA";

    assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(JwtException.class);
  }

  private static RSAPublicKey testKey() {
    try (InputStream in =
        CachingJwtDecoderTest.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
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
