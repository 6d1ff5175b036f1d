package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.DomainEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application context for every integration test: real PostgreSQL (database aifactory_test,
 * schema policy), embedded Kafka, real tokens from the service's own token endpoint.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
abstract class PolicyServiceIntegrationTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, String> kafka;

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String basic(String clientId, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** A bearer token of a dev client, from the real token endpoint (cached: bcrypt is slow). */
  String bearer(String clientId) {
    return "Bearer "
        + TOKENS.computeIfAbsent(
            clientId,
            id -> {
              try {
                MvcResult result =
                    mvc.perform(
                            post("/oauth2/token")
                                .header(HttpHeaders.AUTHORIZATION, basic(id, id + "-secret"))
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .param("grant_type", "client_credentials"))
                        .andReturn();
                assertThat(result.getResponse().getStatus()).isEqualTo(200);
                return json.readTree(result.getResponse().getContentAsString())
                    .get("access_token")
                    .asString();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  JsonNode getJson(String url, String clientId) throws Exception {
    MvcResult result =
        mvc.perform(get(url).header(HttpHeaders.AUTHORIZATION, bearer(clientId))).andReturn();
    assertThat(result.getResponse().getStatus()).as(url).isEqualTo(200);
    return json.readTree(result.getResponse().getContentAsString());
  }

  /** Publishes the event the way the outbox relay does: binary CloudEvent, key = subject. */
  String send(DomainEvent event) throws Exception {
    String id = UUID.randomUUID().toString();
    send(event, id);
    return id;
  }

  void send(DomainEvent event, String id) throws Exception {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(event.topic(), event.key(), json.writeValueAsString(event));
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, id);
    header(record, CloudEventHeaders.TYPE, event.cloudEventType());
    header(record, CloudEventHeaders.SOURCE, "/policy-it");
    header(record, CloudEventHeaders.SUBJECT, event.key());
    header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
    kafka.send(record).get();
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Decisions on {@code subject} visible to the demo team, newest first. */
  JsonNode decisions(String subject) throws Exception {
    return getJson("/api/v1/decisions?subject=" + subject + "&size=200", "demo-ml");
  }

  JsonNode awaitDecisions(String subject, int count) {
    return await()
        .atMost(TIMEOUT)
        .until(() -> decisions(subject), d -> d.get("total").asInt() >= count);
  }

  /** Payloads the outbox holds for {@code key} and the short event type, oldest first. */
  java.util.List<JsonNode> outboxed(String key, String shortType) {
    return jdbc
        .sql(
            "select payload from outbox where message_key = :key and event_type = :type order by seq")
        .param("key", key)
        .param("type", DomainEvent.CE_TYPE_PREFIX + shortType + DomainEvent.CE_TYPE_SUFFIX)
        .query(String.class)
        .list()
        .stream()
        .map(json::readTree)
        .toList();
  }
}
