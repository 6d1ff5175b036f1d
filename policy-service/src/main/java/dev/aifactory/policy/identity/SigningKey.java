package dev.aifactory.policy.identity;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.UUID;

/**
 * An RSA key pair that signs access tokens (RS256); {@code kid} names it in the JWKS. {@code
 * retireAfter} is set once the key was rotated out: it stays published until then.
 */
public record SigningKey(String kid, KeyPair keyPair, Instant createdAt, Instant retireAfter) {

  public SigningKey(String kid, KeyPair keyPair) {
    this(kid, keyPair, null, null);
  }

  static SigningKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new SigningKey(UUID.randomUUID().toString(), generator.generateKeyPair());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is part of every JRE", e);
    }
  }

  public RSAPublicKey publicKey() {
    return (RSAPublicKey) keyPair.getPublic();
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + "]";
  }
}
