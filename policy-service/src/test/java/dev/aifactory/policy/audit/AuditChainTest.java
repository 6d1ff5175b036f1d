package dev.aifactory.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  static List<AuditEntry> chain(int length) {
    List<AuditEntry> entries = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int i = 1; i <= length; i++) {
      AuditEntry e =
          AuditChain.link(
              prev,
              UUID.randomUUID(),
              Instant.parse("2026-11-27T10:00:00.123456789Z").plusSeconds(i),
              "policy",
              "decision.recorded",
              "churn",
              "demo",
              "{\"effect\":\"allow\",\"n\":" + i + "}");
      e = withSeq(e, i);
      entries.add(e);
      prev = e.hash();
    }
    return entries;
  }

  static AuditEntry withSeq(AuditEntry e, long seq) {
    return new AuditEntry(
        seq,
        e.id(),
        e.at(),
        e.actor(),
        e.action(),
        e.subject(),
        e.team(),
        e.details(),
        e.prevHash(),
        e.hash());
  }

  static AuditChain.Verification verify(List<AuditEntry> entries) {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    entries.forEach(verifier::accept);
    return verifier.result();
  }

  @Test
  void verifiesAnIntactChain() {
    assertThat(verify(chain(5))).isEqualTo(new AuditChain.Verification(true, 5, null));
  }

  @Test
  void keepsOnlyTheMicrosecondsPostgresStores() {
    assertThat(chain(1).get(0).at()).isEqualTo(Instant.parse("2026-11-27T10:00:01.123456Z"));
  }

  @Test
  void detectsChangedDetailsAtTheChangedEntry() {
    List<AuditEntry> entries = chain(5);
    AuditEntry e = entries.get(2);
    entries.set(
        2,
        new AuditEntry(
            e.seq(),
            e.id(),
            e.at(),
            e.actor(),
            e.action(),
            e.subject(),
            e.team(),
            "{\"effect\":\"deny\"}",
            e.prevHash(),
            e.hash()));
    assertThat(verify(entries)).isEqualTo(new AuditChain.Verification(false, 5, 3L));
  }

  @Test
  void detectsARemovedEntryAtItsSuccessor() {
    List<AuditEntry> entries = chain(5);
    entries.remove(1);
    assertThat(verify(entries).firstBrokenSeq()).isEqualTo(3L);
  }

  @Test
  void detectsARehashedEntryByTheBrokenLinkOfTheNextOne() {
    List<AuditEntry> entries = chain(4);
    AuditEntry e = entries.get(1);
    AuditEntry forged =
        withSeq(
            AuditChain.link(
                e.prevHash(),
                e.id(),
                e.at(),
                e.actor(),
                e.action(),
                e.subject(),
                e.team(),
                "{\"forged\":true}"),
            2);
    entries.set(1, forged);
    assertThat(verify(entries).firstBrokenSeq()).isEqualTo(3L);
  }

  @Test
  void separatesFieldsUnambiguously() {
    Instant at = Instant.parse("2026-11-27T10:00:00Z");
    UUID id = UUID.randomUUID();
    String a = AuditChain.link(AuditChain.GENESIS, id, at, "ab", "c", "s", "t", "{}").hash();
    String b = AuditChain.link(AuditChain.GENESIS, id, at, "a", "bc", "s", "t", "{}").hash();
    assertThat(a).isNotEqualTo(b);
  }
}
