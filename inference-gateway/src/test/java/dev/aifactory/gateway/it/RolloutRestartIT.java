package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.DomainEvent;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.RolloutAdvanceRequested;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.gateway.InferenceGatewayApplication;
import dev.aifactory.gateway.TrainedModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway that stops between a gate decision and the end of the step's bake time: the next one
 * started advances the rollout once the stored timer runs out. Two real application contexts run
 * one after the other on their own schema and consumer group, so the shared IT context cannot do
 * the work for them; the first one's bake timer never ticks, so only the restarted one can advance.
 */
// The topics exist before either gateway subscribes: a topic created by the first send is only
// seen by a subscribed consumer at its next metadata refresh, minutes later.
@EmbeddedKafka(
    partitions = 1,
    topics = {Topics.MODELS, Topics.POLICY, Topics.ENDPOINTS, Topics.INFERENCE_CAPTURES})
class RolloutRestartIT {

  private static final String SCHEMA = "gateway_restart";

  /**
   * Long enough that the decision surely arrives before the step has baked (a decision arriving
   * after it advances at once, which is right but would not test the restart).
   */
  private static final int BAKE_SECONDS = 15;

  private static final String TEAM = "growth";
  private static final String ENGINEER = TestJwts.bearer("erin", TEAM, "ml-engineer");

  @TempDir Path dir;
  private final JsonMapper json = new JsonMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRestartedGatewayAdvancesARememberedDecisionOnceTheStepHasBaked(EmbeddedKafkaBroker broker)
      throws Exception {
    String endpoint = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    String group = endpoint + "-model";
    String rolloutId;
    try (ConfigurableApplicationContext first = start(broker, "1h");
        KafkaProducer<String, String> producer = producer(broker)) {
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      KafkaListenerEndpointRegistry listeners = first.getBean(KafkaListenerEndpointRegistry.class);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  listeners.getListenerContainers().stream()
                      .allMatch(
                          c ->
                              c.getAssignedPartitions() != null
                                  && !c.getAssignedPartitions().isEmpty()));
      call(first, "POST", "/api/v1/endpoints", Map.of("name", endpoint, "modelGroup", group), 201);
      send(
          producer,
          new ModelAliasMoved(
              TEAM,
              group,
              ModelAliasMoved.CHAMPION,
              null,
              1,
              TrainedModel.train(dir, 5).uri(),
              "binary",
              TrainedModel.SCHEMA,
              Map.of()));
      send(
          producer,
          new ModelVersionRegistered(
              TEAM,
              group,
              2,
              "run-2",
              "dataset",
              1,
              "binary",
              "churned",
              Map.of(),
              TrainedModel.train(dir, 25).uri(),
              null,
              List.of(),
              TrainedModel.SCHEMA,
              null,
              "manual"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  jdbc.sql("select count(*) from model_versions where model_group = :g")
                              .param("g", group)
                              .query(Integer.class)
                              .single()
                          == 2
                      && jdbc.sql("select count(*) from deployments where endpoint = :e")
                              .param("e", endpoint)
                              .query(Integer.class)
                              .single()
                          == 1);

      JsonNode started =
          call(
              first,
              "POST",
              "/api/v1/endpoints/" + endpoint + "/rollouts",
              Map.of(
                  "modelGroup",
                  group,
                  "version",
                  2,
                  "strategy",
                  "canary",
                  "bakeSeconds",
                  BAKE_SECONDS),
              201);
      rolloutId = started.get("id").asString();
      send(
          producer,
          new RolloutAdvanceRequested(TEAM, endpoint, rolloutId, 0, "early", List.of("healthy")));
      String id = rolloutId;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  call(first, "GET", "/api/v1/endpoints/" + endpoint + "/rollouts/" + id, null, 200)
                      .get("advanceRequested")
                      .asBoolean());
      // The first gateway's timer never ticks: the bake time passes while it still runs.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Boolean.TRUE.equals(
                      jdbc.sql(
                              "select now() > step_started_at + interval '"
                                  + BAKE_SECONDS
                                  + " seconds' from rollouts where id = :id")
                          .param("id", id)
                          .query(Boolean.class)
                          .single()));
      assertThat(
              call(first, "GET", "/api/v1/endpoints/" + endpoint + "/rollouts/" + id, null, 200)
                  .get("currentStep")
                  .asInt())
          .isZero();
    }

    try (ConfigurableApplicationContext second = start(broker, "200ms")) {
      String id = rolloutId;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  call(
                              second,
                              "GET",
                              "/api/v1/endpoints/" + endpoint + "/rollouts/" + id,
                              null,
                              200)
                          .get("currentStep")
                          .asInt()
                      == 1);
      JsonNode rollout =
          call(second, "GET", "/api/v1/endpoints/" + endpoint + "/rollouts/" + id, null, 200);
      assertThat(rollout.get("candidateWeight").asInt()).isEqualTo(100);
      JsonNode lastStep = rollout.get("history").get(rollout.get("history").size() - 1);
      assertThat(lastStep.get("kind").asString()).isEqualTo("step");
      assertThat(lastStep.get("actor").asString()).isEqualTo("bake-timer");
      assertThat(lastStep.get("decisionId").asString()).isEqualTo("early");
    }
  }

  private static ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, String tick) {
    return new SpringApplicationBuilder(InferenceGatewayApplication.class, FreshSchemaOnce.class)
        .run(
            "--server.port=0",
            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--spring.kafka.consumer.auto-offset-reset=earliest",
            "--spring.datasource.url=jdbc:postgresql://${AIFACTORY_DB_HOST:127.0.0.1}:"
                + "${AIFACTORY_DB_PORT:5432}/${AIFACTORY_TEST_DB:aifactory_test}?currentSchema="
                + SCHEMA,
            "--spring.flyway.schemas=" + SCHEMA,
            "--aifactory.gateway.consumer-group=gateway-restart",
            "--aifactory.gateway.rollouts.tick-interval=" + tick);
  }

  private JsonNode call(
      ConfigurableApplicationContext context, String method, String path, Object body, int status)
      throws Exception {
    String port = context.getEnvironment().getProperty("local.server.port");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", ENGINEER)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return json.readTree(response.body());
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        new StringSerializer(),
        new StringSerializer());
  }

  private void send(KafkaProducer<String, String> producer, DomainEvent event) throws Exception {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(event.topic(), event.key(), json.writeValueAsString(event));
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
    header(record, CloudEventHeaders.TYPE, event.cloudEventType());
    header(record, CloudEventHeaders.SOURCE, "/it");
    header(record, CloudEventHeaders.SUBJECT, event.key());
    header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
    header(record, CloudEventHeaders.TEAM, event.team());
    producer.send(record).get();
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
