package dev.aifactory.ingestion.idempotency.jdbc;

import dev.aifactory.ingestion.idempotency.IdempotencyKeys;
import dev.aifactory.ingestion.idempotency.StoredResponse;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency keys in PostgreSQL, serialized with a transaction-scoped advisory lock. */
@Repository
class JdbcIdempotencyKeys implements IdempotencyKeys {

  private final JdbcClient jdbc;

  JdbcIdempotencyKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void lock(String team, String key) {
    // The row may not exist yet, so a row lock cannot serialize two first uses of a key.
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:lockKey, 0))")
        .param("lockKey", "idempotency:" + team + ":" + key)
        .query((rs, row) -> 1)
        .single();
  }

  @Override
  public Optional<StoredResponse> find(String team, String key) {
    return jdbc.sql(
            """
            select request_hash, status, location, body from idempotency_keys
            where team = :team and idem_key = :key
            """)
        .param("team", team)
        .param("key", key)
        .query(StoredResponse.class)
        .optional();
  }

  @Override
  public void save(String team, String key, StoredResponse response) {
    jdbc.sql(
            """
            insert into idempotency_keys (team, idem_key, request_hash, status, location, body)
            values (:team, :key, :hash, :status, :location, :body)
            """)
        .param("team", team)
        .param("key", key)
        .param("hash", response.requestHash())
        .param("status", response.status())
        .param("location", response.location())
        .param("body", response.body())
        .update();
  }
}
