package dev.aifactory.policy.identity;

import java.util.Optional;

/** Persistent signing keys, so that issued tokens stay valid across restarts. */
public interface SigningKeys {

  /** The active key: the oldest stored one. */
  Optional<SigningKey> active();

  void add(SigningKey key);
}
