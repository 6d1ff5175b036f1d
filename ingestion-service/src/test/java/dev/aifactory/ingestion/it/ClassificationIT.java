package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.testing.TestJwts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class ClassificationIT extends IngestionTestSupport {

  static final String PEOPLE =
      """
      customer_id,contact,phone_number,card,iban,tax_ref,client_ip,notes,amount
      1,ana@example.com,+33 6 12 34 56 78,4111 1111 1111 1111,DE89 3704 0044 0532 0130 00,123-45-6789,192.168.1.20,likes tea,12.5
      2,bo@example.org,+44 20 7946 0958,5500 0000 0000 0004,GB82WEST12345698765432,078-05-1120,10.0.0.7,,80
      3,cy@example.net,(555) 123-4567,3782 822463 10005,FR14 2004 1010 0505 0001 3M02 606,219-09-9999,2001:db8::1,calls often,3
      4,di@example.com,555-987-6543,6011 1111 1111 1117,NL91 ABNA 0417 1643 00,457-55-5462,172.16.0.1,none,7.25
      """;

  ResultActions decide(String id, String column, String body, String token) throws Exception {
    return mvc.perform(
        put("/api/v1/datasets/{id}/classification/{column}", id, column)
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  long overrides(String id) {
    return jdbc.sql(
            "select count(*) from classification_overrides where dataset_id = cast(:id as uuid)")
        .param("id", id)
        .query(Long.class)
        .single();
  }

  List<String> eventTags(String id, int version) throws Exception {
    String payload =
        jdbc.sql(
                "select payload from outbox where message_key = :id and payload like :v order by seq")
            .param("id", id)
            .param("v", "%\"version\":" + version + ",%")
            .query(String.class)
            .single();
    List<String> tags = new ArrayList<>();
    for (JsonNode t : json.readTree(payload).get("tags")) {
      tags.add(t.asString());
    }
    return tags;
  }

  @Test
  void tagsPiiColumnsByValueAndNameAndAnnouncesTheTagsWithTheVersion() throws Exception {
    String id = createDataset(null);

    upload(id, PEOPLE)
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.tags[0]").value("pii:none"));

    mvc.perform(get("/api/v1/datasets/{id}/classification", id).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(1))
        .andExpect(jsonPath("$.columns[0].column").value("customer_id"))
        .andExpect(jsonPath("$.columns[0].tags.length()").value(0))
        .andExpect(jsonPath("$.columns[1].detections[0].kind").value("email"))
        .andExpect(jsonPath("$.columns[1].detections[0].confidence").value(1.0))
        .andExpect(jsonPath("$.columns[1].detections[0].byValues").value(true))
        .andExpect(jsonPath("$.columns[1].tags[0]").value("pii"))
        .andExpect(jsonPath("$.columns[1].tags[1]").value("pii:email"))
        .andExpect(jsonPath("$.columns[1].tags[2]").value("confidential"))
        .andExpect(jsonPath("$.columns[2].detections[0].kind").value("phone"))
        .andExpect(jsonPath("$.columns[2].detections[0].byName").value(true))
        .andExpect(jsonPath("$.columns[3].detections[0].kind").value("card"))
        .andExpect(jsonPath("$.columns[4].detections[0].kind").value("iban"))
        .andExpect(jsonPath("$.columns[5].detections[0].kind").value("national-id"))
        .andExpect(jsonPath("$.columns[6].detections[0].kind").value("ip-address"))
        .andExpect(jsonPath("$.columns[7].tags.length()").value(0))
        .andExpect(jsonPath("$.columns[8].tags.length()").value(0))
        .andExpect(jsonPath("$.columns[1].override").isEmpty());

    assertThat(eventTags(id, 1))
        .containsExactly(
            "pii:none",
            "domain:test",
            "pii",
            "pii:email",
            "confidential",
            "pii:phone",
            "pii:card",
            "pii:iban",
            "pii:national-id",
            "pii:ip-address");
  }

  @Test
  void aStewardOverridesColumnTagsWithAuditHistoryAndLaterVersionsCarryThem() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,contact,notes\n1,ana@example.com,likes tea\n2,bo@example.org,x\n")
        .andExpect(status().isCreated());

    decide(
            id,
            "notes",
            "{\"tags\":[\"pii\",\"pii:health\",\"confidential\"],"
                + "\"reason\":\"free text mentions diagnoses\"}",
            writer)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.column").value("notes"))
        .andExpect(jsonPath("$.detectedTags.length()").value(0))
        .andExpect(jsonPath("$.tags[1]").value("pii:health"))
        .andExpect(jsonPath("$.override.decidedBy").value("alice"))
        .andExpect(jsonPath("$.override.reason").value("free text mentions diagnoses"))
        .andExpect(jsonPath("$.override.decidedAt").exists());
    String admin = TestJwts.bearer("root", team, "admin");
    decide(id, "contact", "{\"tags\":[],\"reason\":\"synthetic addresses\"}", admin)
        .andExpect(status().isOk());
    decide(id, "contact", "{\"tags\":[\"internal\"],\"reason\":\"role mailboxes only\"}", admin)
        .andExpect(status().isOk());

    mvc.perform(
            get("/api/v1/datasets/{id}/classification/{column}/overrides", id, "contact")
                .header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items.length()").value(2))
        .andExpect(jsonPath("$.items[0].reason").value("role mailboxes only"))
        .andExpect(jsonPath("$.items[1].tags.length()").value(0));
    mvc.perform(get("/api/v1/datasets/{id}/classification", id).header("Authorization", viewer))
        .andExpect(jsonPath("$.columns[1].detectedTags[1]").value("pii:email"))
        .andExpect(jsonPath("$.columns[1].tags[0]").value("internal"));
    // The registered version is immutable: its event keeps the tags it was announced with.
    assertThat(eventTags(id, 1)).contains("pii:email").doesNotContain("pii:health");

    upload(id, "ref,contact,notes\n3,cy@example.net,fine\n").andExpect(status().isCreated());
    assertThat(eventTags(id, 2))
        .containsExactly(
            "pii:none", "domain:test", "internal", "pii", "pii:health", "confidential");
  }

  // --- bad input: 4xx problem+json naming the field, nothing recorded ---

  @Test
  void refusesBadDecisionsAndRecordsNothing() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,contact\n1,ana@example.com\n").andExpect(status().isCreated());
    String ok = "{\"tags\":[\"pii\"],\"reason\":\"checked\"}";

    decide(id, "contact", ok, viewer)
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    decide(id, "contact", ok, TestJwts.bearer("ml", team, "ml-engineer"))
        .andExpect(status().isForbidden());
    decide(id, "contact", "{\"tags\":[\"pii\"]}", writer)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("reason"));
    decide(id, "contact", "{\"tags\":[\"pii\",\"Bad Tag\"],\"reason\":\"x\"}", writer)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("tags[1]"));
    decide(id, "contact", "{\"reason\":\"x\"}", writer)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("tags"));
    decide(id, "nope", ok, writer)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("column"));
    decide(id, "contact", ok, TestJwts.bearer("mallory", "other-team", "admin"))
        .andExpect(status().isNotFound());

    assertThat(overrides(id)).isZero();
  }

  @Test
  void hasNoClassificationBeforeTheFirstVersion() throws Exception {
    String id = createDataset(null);

    mvc.perform(get("/api/v1/datasets/{id}/classification", id).header("Authorization", viewer))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
