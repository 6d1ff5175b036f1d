package dev.aifactory.policy.identity.web;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Validates a token with the decoder of the issuer it names: the configured external issuer's, or
 * policy's own for everything else (which then fails on the issuer check). The unverified {@code
 * iss} only selects the keys; each decoder still verifies signature, issuer and expiry.
 */
class IssuerRoutingJwtDecoder implements JwtDecoder {

  private final String externalIssuer;
  private final JwtDecoder external;
  private final JwtDecoder own;

  IssuerRoutingJwtDecoder(String externalIssuer, JwtDecoder external, JwtDecoder own) {
    this.externalIssuer = externalIssuer;
    this.external = external;
    this.own = own;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    String issuer;
    try {
      issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw new BadJwtException("Malformed token: " + e.getMessage(), e);
    }
    return externalIssuer.equals(issuer) ? external.decode(token) : own.decode(token);
  }
}
