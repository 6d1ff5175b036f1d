package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.testing.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.servlet.ResultActions;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class QualityRulesIT extends IngestionTestSupport {

  static final String CSV =
      "customer_id,age,plan,email\n1,34,free,a@x.io\n2,51,pro,\n2,130,gold,c@x.io\n";

  ResultActions putRules(String id, String rules, String token) throws Exception {
    return mvc.perform(
        put("/api/v1/datasets/{id}/quality-rules", id)
            .header("Authorization", token)
            .contentType(MediaType.TEXT_PLAIN)
            .content(rules));
  }

  long rulesets(String id) {
    return jdbc.sql("select count(*) from quality_rulesets where dataset_id = cast(:id as uuid)")
        .param("id", id)
        .query(Long.class)
        .single();
  }

  @Test
  void storesVersionedRulesetsSentAsTextOrJson() throws Exception {
    String id = createDataset(null);

    putRules(id, "# keys\nIsComplete \"customer_id\"\n", writer)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(1))
        .andExpect(jsonPath("$.ruleCount").value(1))
        .andExpect(jsonPath("$.createdBy").value("alice"));
    mvc.perform(
            put("/api/v1/datasets/{id}/quality-rules", id)
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"rules\":\"RowCount > 2\\nIsUnique \\\"customer_id\\\"\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.ruleCount").value(2));

    mvc.perform(get("/api/v1/datasets/{id}/quality-rules", id).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.rules").value("RowCount > 2\nIsUnique \"customer_id\""));
  }

  @Test
  void rejectsAVersionFailingARuleButStillRegistersAndAnnouncesItWithTheResults() throws Exception {
    String id = createDataset(null);
    putRules(
            id,
            """
            IsComplete "customer_id"
            IsUnique "customer_id"
            ColumnValues "age" between 0 and 120
            ColumnValues "plan" in ["free", "pro"]
            Completeness "email" >= 0.5
            RowCount >= 3
            """,
            writer)
        .andExpect(status().isOk());

    upload(id, CSV)
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.qualityStatus").value("REJECTED_QUALITY"))
        .andExpect(
            jsonPath("$.qualityReason")
                .value(
                    "3 quality rule(s) failed: IsUnique \"customer_id\"; ColumnValues \"age\""
                        + " between 0 and 120; ColumnValues \"plan\" in [\"free\", \"pro\"]"));
    assertThat(versions(id)).isEqualTo(1);
    assertThat(outboxEvents(id)).isEqualTo(1);

    mvc.perform(
            get("/api/v1/datasets/{id}/versions/1/quality-results", id)
                .header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.qualityStatus").value("REJECTED_QUALITY"))
        .andExpect(jsonPath("$.rulesetVersion").value(1))
        .andExpect(jsonPath("$.results.length()").value(6))
        .andExpect(jsonPath("$.results[0].rule").value("IsComplete \"customer_id\""))
        .andExpect(jsonPath("$.results[0].passed").value(true))
        .andExpect(jsonPath("$.results[1].passed").value(false))
        .andExpect(jsonPath("$.results[1].observed").value(2.0 / 3))
        .andExpect(jsonPath("$.results[2].passed").value(false))
        .andExpect(jsonPath("$.results[2].detail").value(containsString("'130'")))
        .andExpect(jsonPath("$.results[3].passed").value(false))
        .andExpect(jsonPath("$.results[4].passed").value(true))
        .andExpect(jsonPath("$.results[5].observed").value(3.0));

    String event =
        jdbc.sql("select payload from outbox where message_key = :id")
            .param("id", id)
            .query(String.class)
            .single();
    assertThat(json.readTree(event).get("qualityStatus").asString()).isEqualTo("REJECTED_QUALITY");
  }

  @Test
  void passesAVersionWhoseRulesAllHold() throws Exception {
    String id = createDataset(null);
    putRules(id, "IsComplete \"customer_id\"\nColumnValues \"age\" > 0", writer)
        .andExpect(status().isOk());

    upload(id, CSV)
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.qualityStatus").value("PASSED"));
    mvc.perform(
            get("/api/v1/datasets/{id}/versions/1/quality-results", id)
                .header("Authorization", viewer))
        .andExpect(
            jsonPath("$.results[*].passed")
                .value(org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.is(true))));
  }

  // --- bad input: 4xx problem+json naming the field, nothing stored ---

  @Test
  void rejectsRuleSyntaxErrorsNamingLineAndColumn() throws Exception {
    String id = createDataset(null);

    putRules(id, "IsComplete \"a\"\nColumnValues \"age\" between 0 120\n", writer)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].field").value("rules[2]"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value("Line 2, column 30: expected 'and' but found '120'"));
    assertThat(rulesets(id)).isZero();
    mvc.perform(get("/api/v1/datasets/{id}/quality-rules", id).header("Authorization", writer))
        .andExpect(status().isNotFound());
  }

  @Test
  void rejectsARuleOnAColumnMissingFromTheLatestVersion() throws Exception {
    String id = createDataset(null);
    upload(id, CSV).andExpect(status().isCreated());

    putRules(id, "IsComplete \"age\"\n\nIsUnique \"customer\"", writer)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("rules[3]"))
        .andExpect(jsonPath("$.errors[0].message").value(containsString("'customer'")));
    assertThat(rulesets(id)).isZero();
  }

  @Test
  void forbidsViewersToWriteRulesAndHidesOtherTeams() throws Exception {
    String id = createDataset(null);

    putRules(id, "RowCount > 1", viewer)
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    String stranger = TestJwts.bearer("mallory", "other-team", "data-engineer");
    putRules(id, "RowCount > 1", stranger).andExpect(status().isNotFound());
    mvc.perform(
            get("/api/v1/datasets/{id}/versions/1/quality-results", id)
                .header("Authorization", stranger))
        .andExpect(status().isNotFound());
    assertThat(rulesets(id)).isZero();
  }
}
