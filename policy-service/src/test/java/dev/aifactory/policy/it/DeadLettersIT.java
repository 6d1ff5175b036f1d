package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.DomainEvent;
import dev.aifactory.common.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * A poison event on a topic policy consumes is parked on its dead-letter topic by the real error
 * handler, stored, shown to its team and replayed to the original topic under its original id.
 */
class DeadLettersIT extends PolicyServiceIntegrationTest {

  /** A dataset event whose version is not a number: it can never be read. */
  String sendPoison(String team) throws Exception {
    String id = UUID.randomUUID().toString();
    String payload =
        "{\"team\":\"" + team + "\",\"datasetId\":\"" + unique("ds") + "\",\"version\":\"one\"}";
    ProducerRecord<String, String> record =
        new ProducerRecord<>(Topics.DATASETS, unique("key"), payload);
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, id);
    header(
        record,
        CloudEventHeaders.TYPE,
        DomainEvent.CE_TYPE_PREFIX + "dataset.version-registered" + DomainEvent.CE_TYPE_SUFFIX);
    header(record, CloudEventHeaders.SOURCE, "/policy-it");
    kafka.send(record).get();
    return id;
  }

  static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The stored dead letters of the event parked by policy's loop consumer. */
  List<JsonNode> parkedByTheLoop(String eventId) throws Exception {
    return getJson("/api/v1/dead-letters?size=200", "factory-admin")
        .get("items")
        .valueStream()
        .filter(d -> eventId.equals(d.get("eventId").asString()))
        .filter(d -> "policy".equals(d.get("consumerGroup").asString()))
        .toList();
  }

  @Test
  void storesAParkedEventWithItsOriginAndErrorForItsTeamOnly() throws Exception {
    String eventId = sendPoison("demo");
    JsonNode letter =
        await().atMost(TIMEOUT).until(() -> parkedByTheLoop(eventId), l -> l.size() == 1).get(0);
    assertThat(letter.get("topic").asString()).isEqualTo(Topics.DATASETS);
    assertThat(letter.get("eventType").asString()).isEqualTo("dataset.version-registered");
    assertThat(letter.get("team").asString()).isEqualTo("demo");
    assertThat(letter.get("partition").isNumber()).isTrue();
    assertThat(letter.get("offset").asLong()).isNotNegative();
    assertThat(letter.get("error").asString()).isNotBlank();
    assertThat(letter.get("payload").asString()).contains("\"version\":\"one\"");

    JsonNode own = getJson("/api/v1/dead-letters?size=200", "demo-ml");
    assertThat(own.get("items").valueStream().map(d -> d.get("eventId").asString()))
        .contains(eventId);
    assertThat(own.get("items").valueStream().map(d -> d.get("team").asString()))
        .containsOnly("demo");
    JsonNode other = getJson("/api/v1/dead-letters?size=200", "other-team");
    assertThat(other.get("items").valueStream().map(d -> d.get("eventId").asString()))
        .doesNotContain(eventId);
  }

  @Test
  void anAdminReplaysToTheOriginalTopicUnderTheOriginalIdOnce() throws Exception {
    String eventId = sendPoison("demo");
    String id =
        await()
            .atMost(TIMEOUT)
            .until(() -> parkedByTheLoop(eventId), l -> l.size() == 1)
            .get(0)
            .get("id")
            .asString();

    mvc.perform(
            post("/api/v1/dead-letters/" + id + "/replay")
                .header(HttpHeaders.AUTHORIZATION, bearer("demo-ml")))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(
            post("/api/v1/dead-letters/" + id + "/replay")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.replayedBy").value("factory-admin"))
        .andExpect(jsonPath("$.replayedAt").isNotEmpty());
    assertThat(
            jdbc.sql("select topic from outbox where id = :id")
                .param("id", UUID.fromString(eventId))
                .query(String.class)
                .single())
        .isEqualTo(Topics.DATASETS);
    // Still poison, so the loop parks it again: proof it went back to the original topic.
    await().atMost(TIMEOUT).until(() -> parkedByTheLoop(eventId), l -> l.size() == 2);

    mvc.perform(
            post("/api/v1/dead-letters/" + id + "/replay")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin")))
        .andExpect(status().isConflict());
  }

  @Test
  void rejectsUnknownAndMalformedIdsAndBadPages() throws Exception {
    mvc.perform(
            post("/api/v1/dead-letters/" + UUID.randomUUID() + "/replay")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin")))
        .andExpect(status().isNotFound());
    mvc.perform(
            post("/api/v1/dead-letters/not-a-uuid/replay")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("id"));
    mvc.perform(
            get("/api/v1/dead-letters?size=500")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("size"));
  }
}
