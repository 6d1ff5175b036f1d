package dev.aifactory.policy.deadletters;

import dev.aifactory.common.events.Topics;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.audit.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The platform's dead letters: every record parked on a {@code *.dlt} topic, readable by the team
 * it belongs to (admins see all), replayable by admins. A replay re-publishes the original event
 * through the outbox under its original id, so only consumers that never processed it act on it.
 */
@Service
public class DeadLetterManagement {

  private final DeadLetters letters;
  private final AuditTrail audit;
  private final Clock clock;

  DeadLetterManagement(DeadLetters letters, AuditTrail audit, Clock clock) {
    this.letters = letters;
    this.audit = audit;
    this.clock = clock;
  }

  /** Records a parked record; a redelivered one is stored once. */
  @Transactional
  public boolean record(DeadLetter letter) {
    return letters.add(letter);
  }

  @Transactional(readOnly = true)
  public Paged<DeadLetter> list(Caller caller, PageRequest page) {
    return letters.find(caller.hasRole(Caller.ADMIN) ? null : caller.team(), page);
  }

  @Transactional
  public DeadLetter replay(UUID id, Caller caller) {
    if (!caller.hasRole(Caller.ADMIN)) {
      throw ApiException.forbidden("Only admins may replay dead letters");
    }
    DeadLetter letter =
        letters.lock(id).orElseThrow(() -> ApiException.notFound("Dead letter", id.toString()));
    if (letter.replayedAt() != null) {
      throw ApiException.conflict(
          "Dead letter "
              + id
              + " was replayed at "
              + letter.replayedAt()
              + " by "
              + letter.replayedBy());
    }
    if (letter.eventType() == null || !Topics.ALL.contains(letter.topic())) {
      throw ApiException.unprocessable(
          "Dead letter "
              + id
              + " carries no CloudEvent of a platform topic; it cannot be replayed");
    }
    String cloudEventId = cloudEventId(letter.eventId());
    letters.republish(letter, cloudEventId);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    letters.replayed(id, caller.subject(), now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("deadLetter", id.toString());
    details.put("topic", letter.topic());
    details.put("eventId", cloudEventId);
    details.put("eventType", letter.eventType());
    details.put("consumerGroup", letter.consumerGroup());
    audit.record(
        caller.subject(),
        "dead-letter.replayed",
        letter.eventId() == null ? id.toString() : letter.eventId(),
        letter.team() == null ? caller.team() : letter.team(),
        details);
    return letters.lock(id).orElseThrow();
  }

  /** The original id when it is one the outbox can carry (a UUID); a fresh one otherwise. */
  private static String cloudEventId(String original) {
    try {
      return UUID.fromString(original).toString();
    } catch (IllegalArgumentException | NullPointerException e) {
      return UUID.randomUUID().toString();
    }
  }
}
