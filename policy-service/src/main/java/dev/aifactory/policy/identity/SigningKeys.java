package dev.aifactory.policy.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistent signing keys, so that issued tokens stay valid across restarts and rotations. */
public interface SigningKeys {

  /** The active key: the most recently rotated-in one, or the oldest stored one. */
  Optional<SigningKey> active();

  /** Keys to publish in the JWKS at {@code now}: not retired yet, the active one first. */
  List<SigningKey> published(Instant now);

  void add(SigningKey key);

  /**
   * Makes {@code next} the active key; every other key without a retirement date retires at {@code
   * retireOthersAfter}. Serialized with other rotations.
   */
  void rotate(SigningKey next, Instant now, Instant retireOthersAfter);
}
