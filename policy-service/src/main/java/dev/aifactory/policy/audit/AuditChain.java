package dev.aifactory.policy.audit;

import dev.aifactory.policy.Canonical;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The hash chain: {@code hash = SHA-256(prevHash | len:field; ...)}. Length-prefixed fields keep
 * the encoding unambiguous whatever the fields contain. The first entry links to {@link #GENESIS}.
 */
public final class AuditChain {

  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** Builds the entry that follows {@code prevHash}; {@code at} is cut to what PostgreSQL keeps. */
  public static AuditEntry link(
      String prevHash,
      UUID id,
      Instant at,
      String actor,
      String action,
      String subject,
      String team,
      String details) {
    Instant stored = at.truncatedTo(ChronoUnit.MICROS);
    String hash = hash(prevHash, id, stored, actor, action, subject, team, details);
    return new AuditEntry(null, id, stored, actor, action, subject, team, details, prevHash, hash);
  }

  static String hash(
      String prevHash,
      UUID id,
      Instant at,
      String actor,
      String action,
      String subject,
      String team,
      String details) {
    StringBuilder content = new StringBuilder(prevHash).append('|');
    for (String field :
        new String[] {id.toString(), at.toString(), actor, action, subject, team, details}) {
      String value = field == null ? "" : field;
      content.append(value.length()).append(':').append(value).append(';');
    }
    return Canonical.sha256(content.toString());
  }

  /** Checks entries in sequence order, remembering the first one that does not fit. */
  public static final class Verifier {
    private String expectedPrev = GENESIS;
    private long checked;
    private Long firstBrokenSeq;

    public void accept(AuditEntry e) {
      checked++;
      if (firstBrokenSeq != null) {
        return;
      }
      String recomputed =
          hash(
              e.prevHash(),
              e.id(),
              e.at(),
              e.actor(),
              e.action(),
              e.subject(),
              e.team(),
              e.details());
      if (!Objects.equals(e.prevHash(), expectedPrev) || !recomputed.equals(e.hash())) {
        firstBrokenSeq = e.seq();
      }
      expectedPrev = e.hash();
    }

    public Verification result() {
      return new Verification(firstBrokenSeq == null, checked, firstBrokenSeq);
    }
  }

  /** Outcome of a verification: {@code firstBrokenSeq} is null when the chain is intact. */
  public record Verification(boolean valid, long checked, Long firstBrokenSeq) {}
}
