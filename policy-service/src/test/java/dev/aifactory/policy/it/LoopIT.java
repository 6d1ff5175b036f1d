package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.DriftDetected;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.TrainingBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;

class LoopIT extends PolicyServiceIntegrationTest {

  static final String TEAM = "demo";

  @Autowired EmbeddedKafkaBroker broker;

  static DatasetVersionRegistered dataset(
      String datasetId, int version, String group, boolean autoTrain, String quality) {
    return new DatasetVersionRegistered(
        TEAM,
        datasetId,
        datasetId + "-name",
        version,
        "file:///tmp/aifactory/datasets/" + datasetId + "/v" + version + "/data.csv",
        "csv",
        "sha256:" + version,
        List.of(
            new ColumnSchema("age", ColumnSchema.NUMERIC),
            new ColumnSchema("churned", ColumnSchema.NUMERIC)),
        1000,
        quality,
        List.of("customers", "pii"),
        List.of(),
        new TrainingBinding(group, "churned", "binary", autoTrain));
  }

  static ModelAliasMoved champion(String group, int version, double auc) {
    return new ModelAliasMoved(
        TEAM,
        group,
        ModelAliasMoved.CHAMPION,
        null,
        version,
        "file:///tmp/models/" + group + "/v" + version + "/model.ubj",
        "binary",
        List.of(),
        Map.of("auc", auc, "accuracy", 0.8));
  }

  static ModelVersionRegistered model(String group, int version, double auc) {
    return new ModelVersionRegistered(
        TEAM,
        group,
        version,
        "run-" + version,
        "ds",
        1,
        "binary",
        "churned",
        Map.of("auc", auc, "accuracy", 0.8, "logloss", 0.4),
        "file:///tmp/models/" + group + "/v" + version + "/model.ubj",
        "file:///tmp/models/" + group + "/v" + version + "/baseline.json",
        List.of(),
        List.of(),
        null,
        "data");
  }

  static DriftDetected drift(String group, double share) {
    Instant now = Instant.now();
    return new DriftDetected(
        TEAM,
        group,
        1,
        group + "-endpoint",
        now.minusSeconds(60),
        now,
        share,
        List.of(
            new FeatureDrift("age", "ks", 0.4, 0.1, "fixed", 0.3, true),
            new FeatureDrift("income", "ks", 0.05, 0.1, "fixed", 0.01, false)),
        "report-1");
  }

  void awaitChampion(String group, int version) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql(
                        "select champion_version from model_groups where team = :t and model_group = :g")
                    .param("t", TEAM)
                    .param("g", group)
                    .query(Integer.class)
                    .optional()
                    .filter(v -> v == version)
                    .isPresent());
  }

  /** Training requests for the group as they arrive on aifactory.training. */
  List<IncomingEvent> trainingRequestsOnKafka(String group, int expected) {
    List<IncomingEvent> found = new ArrayList<>();
    try (Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, unique("it"), true),
                new StringDeserializer(),
                new StringDeserializer())
            .createConsumer()) {
      consumer.subscribe(List.of(Topics.TRAINING));
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r :
                    KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
                  if (group.equals(r.key())) {
                    found.add(IncomingEvent.from(r));
                  }
                }
                return found.size() >= expected;
              });
    }
    return found;
  }

  static JsonNode withEffect(JsonNode decisions, String effect) {
    return decisions
        .get("items")
        .valueStream()
        .filter(d -> d.get("effect").asString().equals(effect))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void requestsTrainingOnNewDataAndDeniesASecondVersionWithinCooldownOnceAChampionExists()
      throws Exception {
    String group = unique("churn");
    String datasetId = unique("ds");
    send(dataset(datasetId, 1, group, true, "PASSED"));

    List<IncomingEvent> requests = trainingRequestsOnKafka(group, 1);
    IncomingEvent request = requests.get(0);
    assertThat(request.type()).isEqualTo("dev.aifactory.training.run-requested.v1");
    assertThat(request.source()).isEqualTo("/policy-service");
    JsonNode data = json.readTree(request.data());
    assertThat(data.get("trigger").asString()).isEqualTo("data");
    assertThat(data.get("datasetId").asString()).isEqualTo(datasetId);
    assertThat(data.get("datasetVersion").asInt()).isEqualTo(1);
    assertThat(data.get("target").asString()).isEqualTo("churned");
    assertThat(data.get("objective").asString()).isEqualTo("binary");
    assertThat(data.get("requestedBy").asString()).isEqualTo("policy");
    assertThat(data.get("datasetLocation").asString()).endsWith("/v1/data.csv");

    JsonNode allowed = awaitDecisions(group, 1).get("items").get(0);
    assertThat(allowed.get("effect").asString()).isEqualTo("allow");
    assertThat(allowed.get("attachmentPoint").asString()).isEqualTo("training-data");
    assertThat(allowed.get("policy").asString()).isEqualTo("training-on-new-data");
    assertThat(data.get("requestId").asString()).isEqualTo(allowed.get("decisionId").asString());
    assertThat(allowed.get("inputsDigest").asString()).hasSize(64);
    assertThat(outboxed(group, "policy.decision-recorded")).hasSize(1);

    send(champion(group, 1, 0.8));
    awaitChampion(group, 1);
    send(dataset(datasetId, 2, group, true, "PASSED"));

    JsonNode denied = withEffect(awaitDecisions(group, 2), "deny");
    assertThat(denied.get("reasons").toString())
        .contains("training-on-new-data v")
        .contains("cooldown 60 min");
    assertThat(denied.get("inputs").get("has_champion").asBoolean()).isTrue();
    assertThat(outboxed(group, "training.run-requested")).hasSize(1);
    assertThat(outboxed(group, "policy.decision-recorded")).hasSize(2);
    JsonNode audit =
        getJson("/api/v1/audit-events?action=decision.recorded&subject=" + group, "demo-viewer");
    assertThat(audit.get("total").asInt()).isEqualTo(2);
    assertThat(audit.get("items").get(0).get("details").get("decisionId").asString())
        .isEqualTo(denied.get("decisionId").asString());
  }

  @Test
  void approvesGoodModelsAndRejectsOnesWorseThanTheChampion() throws Exception {
    String group = unique("churn");
    send(model(group, 1, 0.65));
    awaitDecisions(group, 1);
    await().atMost(TIMEOUT).until(() -> outboxed(group, "model.version-approved").size() == 1);

    send(champion(group, 1, 0.80));
    awaitChampion(group, 1);
    send(model(group, 2, 0.795));
    await().atMost(TIMEOUT).until(() -> outboxed(group, "model.version-approved").size() == 2);
    send(model(group, 3, 0.70));
    await().atMost(TIMEOUT).until(() -> outboxed(group, "model.version-rejected").size() == 1);

    JsonNode approved = outboxed(group, "model.version-approved").get(1);
    assertThat(approved.get("version").asInt()).isEqualTo(2);
    assertThat(approved.get("reasons").toString())
        .contains("auc 0.7950 >= 0.7900")
        .contains("passed");
    JsonNode rejected = outboxed(group, "model.version-rejected").get(0);
    assertThat(rejected.get("version").asInt()).isEqualTo(3);
    assertThat(rejected.get("reasons").toString())
        .contains("auc 0.7000 >= 0.7900 (champion v1 auc 0.8000 - 0.01) failed");

    JsonNode decisions = awaitDecisions(group, 3);
    assertThat(decisions.get("items").valueStream().map(d -> d.get("effect").asString()))
        .containsExactlyInAnyOrder("allow", "allow", "deny");
    assertThat(rejected.get("decisionId").asString())
        .isEqualTo(withEffect(decisions, "deny").get("decisionId").asString());
  }

  @Test
  void retrainsOnDriftWithTheNewestPassedDatasetVersionAndDeniesWithinCooldown() throws Exception {
    String group = unique("churn");
    String datasetId = unique("ds");
    // Without autoTrain: only drift may trigger training here.
    send(dataset(datasetId, 1, group, false, "PASSED"));
    send(dataset(datasetId, 2, group, false, "PASSED"));
    send(dataset(datasetId, 3, group, false, "REJECTED_QUALITY"));
    awaitDecisions(group, 3);

    send(drift(group, 0.67));
    List<IncomingEvent> requests = trainingRequestsOnKafka(group, 1);
    JsonNode data = json.readTree(requests.get(0).data());
    assertThat(data.get("trigger").asString()).isEqualTo("drift");
    assertThat(data.get("datasetVersion").asInt()).isEqualTo(2);
    assertThat(data.get("reason").asString()).contains("drift share 0.67").contains("age");

    send(drift(group, 0.9));
    JsonNode decisions = awaitDecisions(group, 5);
    List<JsonNode> driftDecisions =
        decisions
            .get("items")
            .valueStream()
            .filter(d -> d.get("attachmentPoint").asString().equals("retraining-drift"))
            .toList();
    assertThat(driftDecisions).hasSize(2);
    JsonNode denied = driftDecisions.get(0);
    assertThat(denied.get("effect").asString()).isEqualTo("deny");
    assertThat(denied.get("reasons").toString()).contains("cooldown 10 min");
    assertThat(outboxed(group, "training.run-requested")).hasSize(1);
  }

  @Test
  void decidesOnceWhenTheSameEventIsDeliveredTwice() throws Exception {
    String group = unique("churn");
    String datasetId = unique("ds");
    DatasetVersionRegistered first = dataset(datasetId, 1, group, true, "PASSED");
    String id = send(first);
    send(first, id);
    // Same key, same partition: once the second version is decided, the duplicate was consumed.
    send(dataset(datasetId, 2, group, true, "PASSED"));

    JsonNode decisions = awaitDecisions(group, 2);
    assertThat(decisions.get("total").asInt()).isEqualTo(2);
    assertThat(
            decisions
                .get("items")
                .valueStream()
                .filter(d -> d.get("inputs").get("dataset").get("version").asInt() == 1)
                .count())
        .isEqualTo(1);
  }

  @Test
  void rejectsAnOversizedPageAsProblemJson() throws Exception {
    mvc.perform(
            get("/api/v1/decisions?size=500").header(HttpHeaders.AUTHORIZATION, bearer("demo-ml")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("size"));
  }

  @Test
  void hidesDecisionsFromOtherTeams() throws Exception {
    String group = unique("churn");
    send(model(group, 1, 0.9));
    awaitDecisions(group, 1);
    assertThat(getJson("/api/v1/decisions?subject=" + group, "other-team").get("total").asInt())
        .isZero();
  }
}
