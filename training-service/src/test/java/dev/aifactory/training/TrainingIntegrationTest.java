package dev.aifactory.training;

import static org.awaitility.Awaitility.await;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.DomainEvent;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.common.events.TrainingRunRequested;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context (real PostgreSQL, embedded Kafka) shared by every integration test, with
 * helpers to publish CloudEvents and wait for the service's own.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
public abstract class TrainingIntegrationTest {

  protected static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Autowired protected MockMvc mvc;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected JsonMapper json;
  @Autowired protected KafkaTemplate<String, String> kafka;
  @Autowired protected EmbeddedKafkaBroker broker;
  @Autowired protected TrainingProperties properties;

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Publishes {@code event} the way another service's outbox relay would. */
  protected String publish(DomainEvent event) {
    String id = UUID.randomUUID().toString();
    publish(event, id);
    return id;
  }

  protected void publish(DomainEvent event, String id) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(event.topic(), event.key(), json.writeValueAsString(event));
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, id);
    header(record, CloudEventHeaders.TYPE, event.cloudEventType());
    header(record, CloudEventHeaders.SOURCE, "/test");
    header(record, CloudEventHeaders.SUBJECT, event.key());
    header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
    try {
      kafka.send(record).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A dataset version of {@code team} whose CSV is {@code csv}, announced like ingestion does. */
  protected DatasetVersionRegistered dataset(String team, Path csv, String modelGroup) {
    List<ColumnSchema> schema = new ArrayList<>();
    try {
      String header = Files.readAllLines(csv).get(0);
      for (String column : header.split(",")) {
        boolean categorical = column.equals("color") || column.equals("churned");
        schema.add(
            new ColumnSchema(
                column, categorical ? ColumnSchema.CATEGORICAL : ColumnSchema.NUMERIC));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return new DatasetVersionRegistered(
        team,
        unique("ds"),
        "customers",
        1,
        csv.toUri().toString(),
        "csv",
        "sha256:x",
        schema,
        500,
        "PASSED",
        List.of("pii:none", "domain:churn"),
        List.of(),
        new TrainingBinding(modelGroup, "churned", "binary", true));
  }

  protected TrainingRunRequested request(DatasetVersionRegistered d, String modelGroup) {
    return new TrainingRunRequested(
        d.team(),
        UUID.randomUUID().toString(),
        modelGroup,
        d.datasetId(),
        d.version(),
        d.location(),
        d.tags(),
        "churned",
        "binary",
        Map.of("num_round", "30"),
        "data",
        "new data",
        "policy",
        "decision-1");
  }

  protected void awaitDataset(String datasetId) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql("select count(*) from dataset_versions where dataset_id = :id")
                        .param("id", datasetId)
                        .query(Long.class)
                        .single()
                    == 1);
  }

  protected long count(String sql, Object... params) {
    JdbcClient.StatementSpec spec = jdbc.sql(sql);
    for (int i = 0; i < params.length; i++) {
      spec = spec.param(i + 1, params[i]);
    }
    return spec.query(Long.class).single();
  }

  /** Reads a topic from the beginning with its own consumer group. */
  protected EventProbe probe(String topic) {
    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, unique("probe"), false);
    props.put("auto.offset.reset", "earliest");
    Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer();
    consumer.subscribe(List.of(topic));
    return new EventProbe(consumer);
  }

  /** Collects records of one topic; waits for ones that match. */
  protected static final class EventProbe implements AutoCloseable {
    private final Consumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    EventProbe(Consumer<String, String> consumer) {
      this.consumer = consumer;
    }

    public IncomingEvent await(String key, String shortType) {
      return awaitAll(key, shortType, 1).get(0);
    }

    public List<IncomingEvent> awaitAll(String key, String shortType, int atLeast) {
      Predicate<IncomingEvent> match =
          e -> e.is(shortType) && (key == null || key.equals(e.subject()));
      List<IncomingEvent> found = new ArrayList<>();
      org.awaitility.Awaitility.await()
          .pollInSameThread()
          .atMost(TIMEOUT)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                found.clear();
                seen.stream().map(IncomingEvent::from).filter(match).forEach(found::add);
                return found.size() >= atLeast;
              });
      return List.copyOf(found);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
