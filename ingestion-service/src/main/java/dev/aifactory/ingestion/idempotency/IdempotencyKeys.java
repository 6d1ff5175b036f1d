package dev.aifactory.ingestion.idempotency;

import java.util.Optional;

/** Storage of idempotency keys, scoped by team. */
public interface IdempotencyKeys {

  /** Serializes requests with the same key until the transaction ends. */
  void lock(String team, String key);

  Optional<StoredResponse> find(String team, String key);

  void save(String team, String key, StoredResponse response);
}
