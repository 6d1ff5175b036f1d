package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.SchemaChange;
import dev.aifactory.common.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class SchemaChangeIT extends IngestionTestSupport {

  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void classifiesEachVersionAgainstThePreviousOneOnTheVersionAndInItsEvent() throws Exception {
    String id = createDataset(null);

    upload(id, "age,plan\n34,free\n51,pro\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.schemaChange").doesNotExist());
    upload(id, "age,plan\n35,free\n52,pro\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.schemaChange.previousVersion").value(1))
        .andExpect(jsonPath("$.schemaChange.kind").value("NONE"))
        .andExpect(jsonPath("$.schemaChange.changes.length()").value(0));
    upload(id, "age,plan,email\n36,free,\n53,pro,a@example.org\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.schemaChange.previousVersion").value(2))
        .andExpect(jsonPath("$.schemaChange.kind").value("COMPATIBLE"))
        .andExpect(
            jsonPath("$.schemaChange.changes[0]")
                .value("added nullable column 'email' (categorical)"));
    upload(id, "age,email\nold,a@example.org\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.schemaChange.previousVersion").value(3))
        .andExpect(jsonPath("$.schemaChange.kind").value("BREAKING"))
        .andExpect(
            jsonPath("$.schemaChange.changes[0]")
                .value("changed type of column 'age' from numeric to categorical"))
        .andExpect(jsonPath("$.schemaChange.changes[1]").value("removed column 'plan'"));

    mvc.perform(get("/api/v1/datasets/{id}/versions", id).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].version").value(4))
        .andExpect(jsonPath("$.items[0].schemaChange.kind").value("BREAKING"))
        .andExpect(jsonPath("$.items[1].schemaChange.kind").value("COMPATIBLE"))
        .andExpect(jsonPath("$.items[3].schemaChange").doesNotExist());
    mvc.perform(get("/api/v1/datasets/{id}/versions/4", id).header("Authorization", viewer))
        .andExpect(jsonPath("$.schemaChange.kind").value("BREAKING"));

    Map<Integer, DatasetVersionRegistered> events = awaitEvents(id, 4);
    assertThat(events.get(1).schemaChange()).isNull();
    assertThat(events.get(2).schemaChange()).isEqualTo(new SchemaChange(1, "NONE", List.of()));
    assertThat(events.get(3).schemaChange())
        .isEqualTo(
            new SchemaChange(
                2, "COMPATIBLE", List.of("added nullable column 'email' (categorical)")));
    assertThat(events.get(4).schemaChange().breaking()).isTrue();
    assertThat(events.get(4).schemaChange().changes())
        .containsExactly(
            "changed type of column 'age' from numeric to categorical", "removed column 'plan'");
  }

  @Test
  void aRenamedColumnIsABreakingChange() throws Exception {
    String id = createDataset(null);
    upload(id, "age,plan\n34,free\n").andExpect(status().isCreated());

    upload(id, "age,tier\n34,free\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.schemaChange.kind").value("BREAKING"))
        .andExpect(jsonPath("$.schemaChange.changes[0]").value("renamed column 'plan' to 'tier'"));
  }

  private Map<Integer, DatasetVersionRegistered> awaitEvents(String datasetId, int count) {
    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, unique("it"), true);
    Map<Integer, DatasetVersionRegistered> found = new ConcurrentHashMap<>();
    try (Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer()) {
      consumer.subscribe(List.of(Topics.DATASETS));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r :
                    KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
                  if (datasetId.equals(r.key())) {
                    DatasetVersionRegistered e =
                        IncomingEvent.from(r).data(json, DatasetVersionRegistered.class);
                    found.put(e.version(), e);
                  }
                }
                return found.size() >= count;
              });
    }
    return found;
  }
}
