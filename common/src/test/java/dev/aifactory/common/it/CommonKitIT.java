package dev.aifactory.common.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.testing.TestJwts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class CommonKitIT {

  @Autowired Outbox outbox;
  @Autowired Inbox inbox;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired MockMvc mvc;

  @Test
  void publishesOutboxEventsAsBinaryCloudEventsAfterCommit() {
    String id = UUID.randomUUID().toString();
    String eventId =
        tx.execute(s -> outbox.publish(new CommonTestApplication.ThingHappened("growth", id)));

    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "t-" + id, true);
    try (Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer()) {
      consumer.subscribe(java.util.List.of(Topics.DATASETS));
      ConsumerRecord<String, String> found = null;
      long deadline = System.currentTimeMillis() + 20_000;
      while (found == null && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r :
            KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(2))) {
          if (id.equals(r.key())) {
            found = r;
          }
        }
      }
      assertThat(found).as("event relayed to Kafka").isNotNull();
      IncomingEvent event = IncomingEvent.from(found);
      assertThat(event.id()).isEqualTo(eventId);
      assertThat(event.type()).isEqualTo("dev.aifactory.thing.happened.v1");
      assertThat(event.subject()).isEqualTo(id);
      assertThat(event.source()).isEqualTo("/common-it");
      assertThat(event.data()).contains("\"team\":\"growth\"");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql("select sent_at is not null from outbox where id = :id::uuid")
                    .param("id", eventId)
                    .query(Boolean.class)
                    .single());
  }

  @Autowired io.micrometer.tracing.Tracer tracer;

  @Test
  void continuesTheWritersTraceWhenTheRelayPublishes() {
    String id = UUID.randomUUID().toString();
    io.micrometer.tracing.Span span = tracer.nextSpan().name("register dataset").start();
    try (io.micrometer.tracing.Tracer.SpanInScope ignored = tracer.withSpan(span)) {
      tx.execute(s -> outbox.publish(new CommonTestApplication.ThingHappened("growth", id)));
    } finally {
      span.end();
    }
    ConsumerRecord<String, String> record = consume(id);
    String traceparent =
        new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
    assertThat(traceparent).contains(span.context().traceId());
  }

  private ConsumerRecord<String, String> consume(String key) {
    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "t-" + key, true);
    try (Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer()) {
      consumer.subscribe(java.util.List.of(Topics.DATASETS));
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r :
            KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(2))) {
          if (key.equals(r.key())) {
            return r;
          }
        }
      }
    }
    throw new AssertionError("no record with key " + key + " on " + Topics.DATASETS);
  }

  @Test
  void purgesSentOutboxRowsAndOldInboxRowsPastRetentionOnly() {
    String fresh = UUID.randomUUID().toString();
    String old = UUID.randomUUID().toString();
    String unsent = UUID.randomUUID().toString();
    String consumer = "janitor-" + fresh;
    for (String key : new String[] {fresh, old, unsent}) {
      tx.execute(s -> outbox.publish(new CommonTestApplication.ThingHappened("growth", key)));
    }
    // simulate age: the relay may already have sent them; force the states under test
    jdbc.sql("update outbox set sent_at = now() - interval '30 days' where message_key = :k")
        .param("k", old)
        .update();
    jdbc.sql("update outbox set sent_at = null where message_key = :k").param("k", unsent).update();
    jdbc.sql(
            "insert into inbox (consumer, event_id, processed_at) values"
                + " (:consumer, :old, now() - interval '60 days'),"
                + " (:consumer, :fresh, now())")
        .param("consumer", consumer)
        .param("old", old)
        .param("fresh", fresh)
        .update();

    new dev.aifactory.common.outbox.EventTablesJanitor(
            jdbc, Duration.ofDays(7), Duration.ofDays(14))
        .purge();

    assertThat(countOutbox(old)).isZero();
    assertThat(countOutbox(unsent)).isOne();
    assertThat(countOutbox(fresh)).isOne();
    assertThat(
            jdbc.sql("select event_id from inbox where consumer = :consumer")
                .param("consumer", consumer)
                .query(String.class)
                .list())
        .containsExactly(fresh);
  }

  private int countOutbox(String key) {
    return jdbc.sql("select count(*) from outbox where message_key = :k")
        .param("k", key)
        .query(Integer.class)
        .single();
  }

  @Test
  void rolledBackTransactionLeavesNoEvent() {
    String id = UUID.randomUUID().toString();
    try {
      tx.executeWithoutResult(
          s -> {
            outbox.publish(new CommonTestApplication.ThingHappened("growth", id));
            throw new IllegalStateException("state change failed");
          });
    } catch (IllegalStateException expected) {
      // the point of the test
    }
    assertThat(
            jdbc.sql("select count(*) from outbox where message_key = :k")
                .param("k", id)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void inboxRunsTheEffectOncePerEventAndConsumer() {
    IncomingEvent event =
        new IncomingEvent(UUID.randomUUID().toString(), "dev.aifactory.x.y.v1", "/t", "s", "{}");
    AtomicInteger effects = new AtomicInteger();
    assertThat(inbox.once("c1", event, effects::incrementAndGet)).isTrue();
    assertThat(inbox.once("c1", event, effects::incrementAndGet)).isFalse();
    assertThat(inbox.once("c2", event, effects::incrementAndGet)).isTrue();
    assertThat(effects).hasValue(2);
  }

  @Test
  void inboxForgetsTheEventWhenTheEffectFails() {
    IncomingEvent event =
        new IncomingEvent(UUID.randomUUID().toString(), "dev.aifactory.x.y.v1", "/t", "s", "{}");
    try {
      inbox.once(
          "c1",
          event,
          () -> {
            throw new IllegalStateException("boom");
          });
    } catch (IllegalStateException expected) {
      // effect failed: the event must be processed again on redelivery
    }
    AtomicInteger effects = new AtomicInteger();
    assertThat(inbox.once("c1", event, effects::incrementAndGet)).isTrue();
    assertThat(effects).hasValue(1);
  }

  @Test
  void rejectsMissingTokenWithProblemJson() throws Exception {
    mvc.perform(post("/api/v1/things").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().exists("WWW-Authenticate"))
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/unauthenticated"));
  }

  @Test
  void rejectsExpiredTokenWithProblemJson() throws Exception {
    mvc.perform(
            post("/api/v1/things")
                .header("Authorization", "Bearer " + TestJwts.expiredToken("u", "growth", "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\"}"))
        .andExpect(status().isUnauthorized())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("invalid or expired")));
  }

  @Test
  void reportsTheInvalidFieldOfABody() throws Exception {
    mvc.perform(
            post("/api/v1/things")
                .header("Authorization", TestJwts.bearer("u", "growth", "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("name"))
        .andExpect(jsonPath("$.requestId").exists());
  }

  @Test
  void reportsUnreadableJsonAsBadRequest() throws Exception {
    mvc.perform(
            post("/api/v1/things")
                .header("Authorization", TestJwts.bearer("u", "growth", "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/unreadable-body"));
  }

  @Test
  void resolvesTheCallersTeamFromTheToken() throws Exception {
    mvc.perform(
            post("/api/v1/things")
                .header("Authorization", TestJwts.bearer("u", "growth", "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.team").value("growth"));
  }

  @Test
  void rendersNotFoundAsProblem() throws Exception {
    mvc.perform(get("/api/v1/things/42").header("Authorization", TestJwts.bearer("u", "growth")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value("Thing '42' was not found"));
  }

  @Test
  void serviceCallerActsForTheTeamItNamesAndHoldsNoOtherRole() throws Exception {
    mvc.perform(
            post("/api/v1/things")
                .header("Authorization", TestJwts.bearer("svc-training", "platform", "service"))
                .header(Caller.ON_BEHALF_OF_HEADER, "growth")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.team").value("growth"))
        .andExpect(jsonPath("$.roles").value("service"));
  }

  @Test
  void serviceCallerWithoutTeamIsRefused() throws Exception {
    mvc.perform(
            post("/api/v1/things")
                .header("Authorization", TestJwts.bearer("svc-training", "platform", "service"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value(Caller.ON_BEHALF_OF_HEADER));
  }

  @Test
  void onBehalfOfHeaderIsIgnoredForNonServiceCallers() throws Exception {
    mvc.perform(
            post("/api/v1/things")
                .header("Authorization", TestJwts.bearer("u", "growth", "admin"))
                .header(Caller.ON_BEHALF_OF_HEADER, "other")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.team").value("growth"));
  }

  @Test
  void problemCarriesTheExceptionsHeaders() throws Exception {
    mvc.perform(get("/api/v1/things/busy").header("Authorization", TestJwts.bearer("u", "growth")))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "7"))
        .andExpect(jsonPath("$.status").value(429));
  }
}
