package dev.aifactory.policy.audit;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import java.util.List;
import java.util.Optional;

/** Append-only storage of the audit chain. */
public interface AuditLog {

  /**
   * Serializes appenders until the current transaction ends, so two appends never link to the same
   * predecessor (no forks).
   */
  void lockForAppend();

  Optional<String> lastHash();

  void append(AuditEntry entry);

  /** Up to {@code limit} entries with {@code seq > afterSeq}, in sequence order. */
  default List<AuditEntry> after(long afterSeq, int limit) {
    return after(afterSeq, limit, null);
  }

  /** As {@link #after(long, int)}, of one team ({@code null}: all teams). */
  List<AuditEntry> after(long afterSeq, int limit, String team);

  /** Newest first; {@code team == null} means all teams. */
  Paged<AuditEntry> find(String team, String subject, String action, PageRequest page);
}
