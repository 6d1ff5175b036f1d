package dev.aifactory.policy.identity;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.audit.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The token signing keys. On the very first start one is generated and stored (instances racing on
 * an empty table each store one, then all read back the same oldest one). A rotation stores a new
 * key that signs from then on; the previous ones stay in the JWKS for one token lifetime, so tokens
 * they signed keep validating. Other instances pick a rotation up on their next refresh.
 */
@Service
public class SigningKeyManagement {

  private static final Logger log = LoggerFactory.getLogger(SigningKeyManagement.class);

  /** What this instance signs with and publishes. */
  private record Keys(SigningKey active, List<SigningKey> published) {}

  private final SigningKeys keys;
  private final IdentityProperties identity;
  private final AuditTrail audit;
  private final Clock clock;
  private volatile Keys current;

  SigningKeyManagement(
      SigningKeys keys, IdentityProperties identity, AuditTrail audit, Clock clock) {
    this.keys = keys;
    this.identity = identity;
    this.audit = audit;
    this.clock = clock;
    if (keys.active().isEmpty()) {
      SigningKey generated = SigningKey.generate();
      keys.add(generated);
      log.info("Generated the token signing key {}", generated.kid());
    }
    refresh();
  }

  public SigningKey active() {
    return current.active();
  }

  /** The keys the JWKS publishes and this service accepts. */
  public List<SigningKey> published() {
    return current.published();
  }

  @Scheduled(fixedDelayString = "${aifactory.identity.key-refresh:30s}")
  public void refresh() {
    SigningKey active = keys.active().orElseThrow();
    List<SigningKey> published = keys.published(clock.instant());
    current = new Keys(active, published.isEmpty() ? List.of(active) : published);
  }

  /** Rotates the signing key (admins only); returns the new key. */
  @Transactional
  public SigningKey rotate(Caller caller) {
    if (!caller.hasRole(Caller.ADMIN)) {
      throw ApiException.forbidden("Only admins may rotate signing keys");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant retire = now.plus(identity.tokenTtl());
    SigningKey previous = keys.active().orElseThrow();
    SigningKey next = SigningKey.generate();
    keys.rotate(next, now, retire);
    audit.record(
        caller.subject(),
        "signing-key.rotated",
        next.kid(),
        caller.team(),
        Map.of(
            "kid",
            next.kid(),
            "previousKid",
            previous.kid(),
            "previousRetireAfter",
            retire.toString()));
    log.info(
        "Rotated the token signing key: {} signs, {} retires after {}",
        next.kid(),
        previous.kid(),
        retire);
    refresh();
    return next;
  }
}
