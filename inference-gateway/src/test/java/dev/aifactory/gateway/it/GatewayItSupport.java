package dev.aifactory.gateway.it;

import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.DomainEvent;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.gateway.TrainedModel;
import dev.aifactory.gateway.endpoint.Routes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * One context for all gateway ITs: real PostgreSQL, embedded Kafka, MockMvc, real XGBoost, and a
 * real server on a random port for HTTP clients (the AWS SDK). The schema starts empty at each run
 * ({@link FreshSchemaOnce}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
@Import({RecordedSpans.class, FreshSchemaOnce.class})
abstract class GatewayItSupport {

  static final String TEAM = "growth";
  static final String OTHER_TEAM = "payments";
  static final String ENGINEER = TestJwts.bearer("erin", TEAM, "ml-engineer");
  static final String VIEWER = TestJwts.bearer("vic", TEAM, "viewer");
  static final String OUTSIDER = TestJwts.bearer("olga", OTHER_TEAM, "ml-engineer", "admin");

  /** Rows as a client sends them and as the model sees them (plan encoded as its index). */
  static final List<List<Object>> ROWS =
      List.of(List.of(35, 60.0, "pro"), List.of(22, 20.5, "basic"), List.of(58, 95.25, "plus"));

  static final float[][] ENCODED = {{35, 60f, 2}, {22, 20.5f, 0}, {58, 95.25f, 1}};

  @LocalServerPort int port;
  @Autowired MockMvc mvc;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired Routes routes;

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  void createEndpoint(String name, String group, double sampleRate) throws Exception {
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of(
                            "name", name, "modelGroup", group, "captureSampleRate", sampleRate))))
        .andExpect(status().isCreated());
  }

  ModelAliasMoved champion(String group, int version, Integer from, TrainedModel model) {
    return new ModelAliasMoved(
        TEAM,
        group,
        ModelAliasMoved.CHAMPION,
        from,
        version,
        model.uri(),
        "binary",
        TrainedModel.SCHEMA,
        Map.of("auc", 0.9));
  }

  /** Publishes the event as training does: a binary-mode CloudEvent keyed by model group. */
  String publish(String eventId, ModelAliasMoved moved) throws Exception {
    return publish(eventId, moved, "/training-service");
  }

  /** Publishes the event as its owning service does: a binary-mode CloudEvent on its topic. */
  String publish(String eventId, DomainEvent event, String source) throws Exception {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(event.topic(), event.key(), json.writeValueAsString(event));
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, eventId);
    header(record, CloudEventHeaders.TYPE, event.cloudEventType());
    header(record, CloudEventHeaders.SOURCE, source);
    header(record, CloudEventHeaders.SUBJECT, event.key());
    header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
    header(record, CloudEventHeaders.TEAM, event.team());
    kafka.send(record).get();
    return eventId;
  }

  /** Tells the gateway about a registered version (a rollout candidate), as training does. */
  void register(String group, int version, TrainedModel model) throws Exception {
    publish(
        UUID.randomUUID().toString(),
        new ModelVersionRegistered(
            TEAM,
            group,
            version,
            "run-" + version,
            "dataset",
            1,
            "binary",
            "churned",
            Map.of("auc", 0.9),
            model.uri(),
            null,
            List.of(),
            TrainedModel.SCHEMA,
            null,
            "manual"),
        "/training-service");
  }

  /** Waits until the switch is committed and the routing table (what requests see) shows it. */
  void awaitDeployedVersion(String endpoint, int version) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deployedVersion(endpoint).orElse(-1) == version
                    && routedVersion(endpoint) == version);
  }

  int routedVersion(String endpoint) {
    return routes
        .find(endpoint)
        .flatMap(e -> e.deployments().stream().findFirst())
        .map(d -> d.model().version())
        .orElse(-1);
  }

  Optional<Integer> deployedVersion(String endpoint) {
    return jdbc.sql("select version from deployments where endpoint = :e and variant = 'primary'")
        .param("e", endpoint)
        .query(Integer.class)
        .optional();
  }

  /** Reads {@code topic} from the start until {@code done} holds for the records with the key. */
  List<ConsumerRecord<String, String>> consume(
      String topic, String key, Predicate<List<ConsumerRecord<String, String>>> done) {
    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, unique("it"), false);
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer()) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  if (key.equals(r.key())) {
                    found.add(r);
                  }
                }
                return done.test(found);
              });
    }
    return found;
  }

  static String ceHeader(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
