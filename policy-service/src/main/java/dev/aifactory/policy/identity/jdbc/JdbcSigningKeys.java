package dev.aifactory.policy.identity.jdbc;

import dev.aifactory.policy.identity.SigningKey;
import dev.aifactory.policy.identity.SigningKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keys in {@code signing_keys}: X.509 public and PKCS#8 private encodings. */
@Repository
class JdbcSigningKeys implements SigningKeys {

  private static final String COLUMNS = "kid, public_key, private_key, created_at, retire_after";

  /** Rotated-in keys newest first, then never-rotated ones oldest first. */
  private static final String ACTIVE_FIRST =
      " order by rotated_at desc nulls last, created_at, kid";

  private final JdbcClient jdbc;

  JdbcSigningKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<SigningKey> active() {
    return jdbc.sql("select " + COLUMNS + " from signing_keys" + ACTIVE_FIRST + " limit 1")
        .query(JdbcSigningKeys::map)
        .optional();
  }

  @Override
  public List<SigningKey> published(Instant now) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from signing_keys where retire_after is null or retire_after > :now"
                + ACTIVE_FIRST)
        .param("now", Timestamp.from(now))
        .query(JdbcSigningKeys::map)
        .list();
  }

  @Override
  public void add(SigningKey key) {
    jdbc.sql("insert into signing_keys (kid, public_key, private_key) values (:kid, :pub, :priv)")
        .param("kid", key.kid())
        .param("pub", key.keyPair().getPublic().getEncoded())
        .param("priv", key.keyPair().getPrivate().getEncoded())
        .update();
  }

  @Override
  public void rotate(SigningKey next, Instant now, Instant retireOthersAfter) {
    jdbc.sql("lock table signing_keys in share row exclusive mode").update();
    jdbc.sql("update signing_keys set retire_after = :retire where retire_after is null")
        .param("retire", Timestamp.from(retireOthersAfter))
        .update();
    jdbc.sql(
            "insert into signing_keys (kid, public_key, private_key, created_at, rotated_at)"
                + " values (:kid, :pub, :priv, :now, :now)")
        .param("kid", next.kid())
        .param("pub", next.keyPair().getPublic().getEncoded())
        .param("priv", next.keyPair().getPrivate().getEncoded())
        .param("now", Timestamp.from(now))
        .update();
  }

  private static SigningKey map(ResultSet rs, int row) throws SQLException {
    Timestamp retire = rs.getTimestamp("retire_after");
    return new SigningKey(
        rs.getString("kid"),
        decode(rs.getBytes("public_key"), rs.getBytes("private_key")),
        rs.getTimestamp("created_at").toInstant(),
        retire == null ? null : retire.toInstant());
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
