package dev.aifactory.ingestion.idempotency;

import dev.aifactory.common.web.ApiException;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs a creating request at most once per {@code Idempotency-Key}: the key is stored in the same
 * transaction as the creation, so a replay sees either nothing or the committed response. Failed
 * requests store nothing and may be retried with the same key.
 */
@Service
public class IdempotentRequests {

  public static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyKeys keys;

  public IdempotentRequests(IdempotencyKeys keys) {
    this.keys = keys;
  }

  @Transactional
  public StoredResponse once(
      String team, String key, String requestHash, Supplier<StoredResponse> action) {
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw ApiException.badRequest(
          "Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    keys.lock(team, key);
    var stored = keys.find(team, key);
    if (stored.isPresent()) {
      if (!stored.get().requestHash().equals(requestHash)) {
        throw ApiException.unprocessable(
            "This Idempotency-Key was already used with a different request body; use a new key");
      }
      return stored.get();
    }
    StoredResponse response = action.get();
    keys.save(team, key, response);
    return response;
  }
}
