package dev.aifactory.common.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints RS256 tokens with the test key pair, the way policy-service issues them ({@code team},
 * {@code roles}). A service under test trusts them with {@code
 * spring.security.oauth2.resourceserver.jwt.public-key-location=classpath:aifactory-test-jwt.pub}.
 */
public final class TestJwts {

  public static final String PUBLIC_KEY_LOCATION = "classpath:aifactory-test-jwt.pub";

  private static final RSAPrivateKey KEY = loadKey();

  private TestJwts() {}

  public static String token(String subject, String team, String... roles) {
    return token(subject, team, Instant.now().plusSeconds(3600), roles);
  }

  public static String expiredToken(String subject, String team, String... roles) {
    return token(subject, team, Instant.now().minusSeconds(3600), roles);
  }

  /** The public half of the test key pair: what a service under test verifies tokens with. */
  public static RSAPublicKey publicKey() {
    try (InputStream in = TestJwts.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Test public key not readable", e);
    }
  }

  public static String bearer(String subject, String team, String... roles) {
    return "Bearer " + token(subject, team, roles);
  }

  private static String token(String subject, String team, Instant expiry, String... roles) {
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .subject(subject)
              .issuer("http://aifactory-test")
              .issueTime(Date.from(expiry.minusSeconds(7200)))
              .expirationTime(Date.from(expiry))
              .jwtID(UUID.randomUUID().toString())
              .claim("team", team)
              .claim("roles", List.of(roles))
              .build();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(KEY));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAPrivateKey loadKey() {
    try (InputStream in = TestJwts.class.getResourceAsStream("/aifactory-test-jwt.pem")) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Test signing key not readable", e);
    }
  }
}
