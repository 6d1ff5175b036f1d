package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.aifactory.policy.audit.AuditChain;
import dev.aifactory.policy.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class AuditIT extends PolicyServiceIntegrationTest {

  @Autowired AuditTrail audit;
  @Autowired TransactionTemplate tx;

  @Test
  void verifiesTheWholeChain() throws Exception {
    audit.record("it", "test.appended", unique("subject"), "demo", Map.of("n", 1));
    JsonNode verification = getJson("/api/v1/audit-events/verify", "demo-viewer");
    assertThat(verification.get("valid").asBoolean()).isTrue();
    assertThat(verification.get("checked").asLong()).isPositive();
    assertThat(verification.get("firstBrokenSeq").isNull()).isTrue();
  }

  @Test
  void refusesUpdatesAndDeletes() {
    String subject = unique("subject");
    audit.record("it", "test.appended", subject, "demo", Map.of("n", 1));
    assertThatThrownBy(
            () ->
                jdbc.sql("update audit_log set actor = 'mallory' where subject = :s")
                    .param("s", subject)
                    .update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () -> jdbc.sql("delete from audit_log where subject = :s").param("s", subject).update())
        .hasMessageContaining("append-only");
  }

  @Test
  void detectsATamperedRow() {
    String subject = unique("subject");
    audit.record("it", "test.appended", subject, "demo", Map.of("n", 1));
    // Tamper inside a transaction that is rolled back, so the shared test database stays intact.
    AuditChain.Verification verification =
        tx.execute(
            status -> {
              status.setRollbackOnly();
              jdbc.sql("alter table audit_log disable trigger audit_log_append_only").update();
              jdbc.sql("update audit_log set details = '{\"n\":2}' where subject = :s")
                  .param("s", subject)
                  .update();
              jdbc.sql("alter table audit_log enable trigger audit_log_append_only").update();
              return audit.verify();
            });
    Long tampered =
        jdbc.sql("select seq from audit_log where subject = :s")
            .param("s", subject)
            .query(Long.class)
            .single();
    assertThat(verification.valid()).isFalse();
    assertThat(verification.firstBrokenSeq()).isEqualTo(tampered);
    assertThat(audit.verify().valid()).isTrue();
  }

  @Test
  void showsOnlyTheCallersTeamUnlessAdmin() throws Exception {
    String subject = unique("subject");
    audit.record("it", "test.appended", subject, "other", Map.of("n", 1));
    assertThat(
            getJson("/api/v1/audit-events?subject=" + subject, "demo-viewer").get("total").asInt())
        .isZero();
    assertThat(
            getJson("/api/v1/audit-events?subject=" + subject, "other-team").get("total").asInt())
        .isEqualTo(1);
    assertThat(
            getJson("/api/v1/audit-events?subject=" + subject, "factory-admin")
                .get("total")
                .asInt())
        .isEqualTo(1);
  }

  String export(String clientId) throws Exception {
    MvcResult result =
        mvc.perform(
                get("/api/v1/audit-events/export")
                    .header(HttpHeaders.AUTHORIZATION, bearer(clientId)))
            .andReturn();
    assertThat(result.getResponse().getStatus()).isEqualTo(200);
    assertThat(result.getResponse().getContentType()).startsWith("application/jsonl");
    return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
  }

  @Test
  void exportsTheTeamsEntriesAsJsonLinesInSequenceOrder() throws Exception {
    String subject = unique("subject");
    audit.record("it", "test.appended", subject, "demo", Map.of("n", 1));
    audit.record("it", "test.appended", subject, "demo", Map.of("n", 2));
    audit.record("it", "test.appended", subject, "other", Map.of("n", 3));

    List<JsonNode> lines = export("demo-viewer").lines().map(json::readTree).toList();
    List<JsonNode> mine =
        lines.stream().filter(l -> l.get("subject").asString().equals(subject)).toList();
    assertThat(mine).extracting(l -> l.get("details").get("n").asInt()).containsExactly(1, 2);
    assertThat(lines).allMatch(l -> l.get("team").asString().equals("demo"));
    assertThat(lines).extracting(l -> l.get("seq").asLong()).isSortedAccordingTo(Long::compare);

    // An admin's export holds the whole chain: each entry links to the one before.
    List<JsonNode> all = export("factory-admin").lines().map(json::readTree).toList();
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).get("prevHash").asString())
          .isEqualTo(all.get(i - 1).get("hash").asString());
    }
  }
}
