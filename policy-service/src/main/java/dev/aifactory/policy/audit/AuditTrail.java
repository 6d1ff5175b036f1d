package dev.aifactory.policy.audit;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Canonical;
import dev.aifactory.policy.Paged;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Appends to and reads the hash-chained audit log. */
@Service
public class AuditTrail {

  private static final int VERIFY_BATCH = 1000;

  private final AuditLog log;
  private final Canonical canonical;
  private final Clock clock;

  AuditTrail(AuditLog log, Canonical canonical, Clock clock) {
    this.log = log;
    this.canonical = canonical;
    this.clock = clock;
  }

  /** Appends an entry in the caller's transaction (or a new one), serialized with other appends. */
  @Transactional
  public AuditEntry record(
      String actor, String action, String subject, String team, Map<String, ?> details) {
    log.lockForAppend();
    String prev = log.lastHash().orElse(AuditChain.GENESIS);
    AuditEntry entry =
        AuditChain.link(
            prev,
            UUID.randomUUID(),
            clock.instant(),
            actor,
            action,
            subject,
            team,
            canonical.json(details));
    log.append(entry);
    return entry;
  }

  /** The caller's team's entries; admins see every team's. */
  @Transactional(readOnly = true)
  public Paged<AuditEntry> find(Caller caller, String subject, String action, PageRequest page) {
    String team = caller.roles().contains(Caller.ADMIN) ? null : caller.team();
    return log.find(team, subject, action, page);
  }

  /**
   * Hands every entry the caller may see (admins: all, so the chain can be checked offline) to
   * {@code sink}, in sequence order, a batch at a time.
   */
  public long export(Caller caller, Consumer<AuditEntry> sink) {
    String team = caller.roles().contains(Caller.ADMIN) ? null : caller.team();
    long after = 0;
    long count = 0;
    List<AuditEntry> batch;
    do {
      batch = log.after(after, VERIFY_BATCH, team);
      for (AuditEntry e : batch) {
        sink.accept(e);
        after = e.seq();
        count++;
      }
    } while (batch.size() == VERIFY_BATCH);
    return count;
  }

  @Transactional(readOnly = true)
  public AuditChain.Verification verify() {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    long after = 0;
    List<AuditEntry> batch;
    do {
      batch = log.after(after, VERIFY_BATCH);
      for (AuditEntry e : batch) {
        verifier.accept(e);
        after = e.seq();
      }
    } while (batch.size() == VERIFY_BATCH);
    return verifier.result();
  }
}
