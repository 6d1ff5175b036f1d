package dev.aifactory.policy.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Loads the active signing key at start-up, generating and storing one on the very first start.
 * Instances racing on an empty table each store a key, then all read back the same oldest one.
 */
@Service
public class SigningKeyManagement {

  private static final Logger log = LoggerFactory.getLogger(SigningKeyManagement.class);

  private final SigningKey active;

  SigningKeyManagement(SigningKeys keys) {
    this.active =
        keys.active()
            .orElseGet(
                () -> {
                  SigningKey generated = SigningKey.generate();
                  keys.add(generated);
                  log.info("Generated the token signing key {}", generated.kid());
                  return keys.active().orElseThrow();
                });
  }

  public SigningKey active() {
    return active;
  }
}
