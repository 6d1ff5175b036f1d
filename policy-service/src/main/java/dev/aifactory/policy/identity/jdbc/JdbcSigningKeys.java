package dev.aifactory.policy.identity.jdbc;

import dev.aifactory.policy.identity.SigningKey;
import dev.aifactory.policy.identity.SigningKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keys in {@code signing_keys}: X.509 public and PKCS#8 private encodings. */
@Repository
class JdbcSigningKeys implements SigningKeys {

  private final JdbcClient jdbc;

  JdbcSigningKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<SigningKey> active() {
    return jdbc.sql(
            "select kid, public_key, private_key from signing_keys order by created_at, kid limit 1")
        .query(
            (rs, n) ->
                new SigningKey(
                    rs.getString("kid"),
                    decode(rs.getBytes("public_key"), rs.getBytes("private_key"))))
        .optional();
  }

  @Override
  public void add(SigningKey key) {
    jdbc.sql("insert into signing_keys (kid, public_key, private_key) values (:kid, :pub, :priv)")
        .param("kid", key.kid())
        .param("pub", key.keyPair().getPublic().getEncoded())
        .param("priv", key.keyPair().getPrivate().getEncoded())
        .update();
  }

  private static KeyPair decode(byte[] publicKey, byte[] privateKey) {
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      return new KeyPair(
          rsa.generatePublic(new X509EncodedKeySpec(publicKey)),
          rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Stored signing key is not a readable RSA key", e);
    }
  }
}
