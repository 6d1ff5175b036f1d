package dev.aifactory.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionApproved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.ModelVersionRejected;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.events.TrainingRunFailed;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.training.run.local.TestData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopIT extends TrainingIntegrationTest {

  @TempDir Path dir;

  private String status(String requestId) {
    return jdbc.sql("select status from training_runs where request_id = :r")
        .param("r", requestId)
        .query(String.class)
        .optional()
        .orElse("NONE");
  }

  @Test
  void trainsARequestedRunAndRegistersTheModelVersion() throws Exception {
    String group = unique("churn");
    DatasetVersionRegistered dataset = dataset("growth", TestData.binary(dir, 500, 11), group);
    publish(dataset);
    awaitDataset(dataset.datasetId());
    TrainingRunRequested request = request(dataset, group);

    try (EventProbe models = probe(Topics.MODELS);
        EventProbe training = probe(Topics.TRAINING)) {
      publish(request);

      IncomingEvent registeredEvent = models.await(group, "model.version-registered");
      ModelVersionRegistered registered = registeredEvent.data(json, ModelVersionRegistered.class);
      assertThat(registered.version()).isEqualTo(1);
      assertThat(registered.team()).isEqualTo("growth");
      assertThat(registered.datasetId()).isEqualTo(dataset.datasetId());
      assertThat(registered.objective()).isEqualTo("binary");
      assertThat(registered.trigger()).isEqualTo("data");
      assertThat(registered.requestedBy()).isEqualTo("policy");
      assertThat(registered.tags()).containsExactly("pii:none", "domain:churn");
      assertThat(registered.metrics()).containsKeys("auc", "accuracy", "logloss", "f1");
      assertThat(registered.metrics().get("auc")).isGreaterThan(0.8);
      assertThat(registered.featureSchema()).hasSize(3);
      assertThat(registered.baseline().features()).hasSize(3);
      assertThat(registered.baseline().prediction()).isNotNull();

      Path model = Path.of(URI.create(registered.artifactUri()));
      assertThat(model)
          .exists()
          .hasFileName("model.ubj")
          .startsWith(properties.modelsDir().resolve(group).resolve("v1"));
      assertThat(Path.of(URI.create(registered.baselineUri())))
          .exists()
          .hasFileName("baseline.json");
      String sha =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));
      assertThat(
              jdbc.sql("select artifact_sha256 from model_versions where model_group = :g")
                  .param("g", group)
                  .query(String.class)
                  .single())
          .isEqualTo(sha);

      String runId = registered.runId();
      training.await(runId, "training.run-started");
      TrainingRunCompleted completed =
          training.await(runId, "training.run-completed").data(json, TrainingRunCompleted.class);
      assertThat(completed.version()).isEqualTo(1);
      assertThat(completed.cost()).isPositive();
      assertThat(completed.trigger()).isEqualTo("data");
    }
    assertThat(status(request.requestId())).isEqualTo("SUCCEEDED");
    Map<String, Object> run =
        jdbc.sql(
                "select trigger, reason, requested_by, decision_id, duration_ms, cost"
                    + " from training_runs where request_id = :r")
            .param("r", request.requestId())
            .query()
            .singleRow();
    assertThat(run)
        .containsEntry("trigger", "data")
        .containsEntry("reason", "new data")
        .containsEntry("requested_by", "policy")
        .containsEntry("decision_id", "decision-1");
    assertThat((Long) run.get("duration_ms")).isPositive();
  }

  @Test
  void aRequestDeliveredTwiceCreatesOneRun() {
    String group = unique("dup");
    DatasetVersionRegistered dataset = dataset("growth", TestData.binary(dir, 200, 12), group);
    TrainingRunRequested request = request(dataset, group);

    String eventId = publish(request);
    publish(request, eventId); // redelivery of the same event
    publish(request); // the same request sent again as a new event

    await().atMost(TIMEOUT).until(() -> status(request.requestId()).equals("SUCCEEDED"));
    assertThat(count("select count(*) from training_runs where model_group = ?", group)).isOne();
    assertThat(count("select count(*) from model_versions where model_group = ?", group)).isOne();
    assertThat(
            count(
                "select count(*) from outbox where message_key = ? and event_type = ?",
                group,
                "dev.aifactory.model.version-registered.v1"))
        .isOne();
  }

  @Test
  void aRequestThatCannotBeTrainedFailsWithAReadableError() {
    String group = unique("bad");
    DatasetVersionRegistered dataset = dataset("growth", TestData.binary(dir, 200, 13), group);
    TrainingRunRequested wrongTarget =
        new TrainingRunRequested(
            "growth",
            java.util.UUID.randomUUID().toString(),
            group,
            dataset.datasetId(),
            1,
            dataset.location(),
            List.of(),
            "x1",
            "binary",
            Map.of(),
            "drift",
            "drift detected",
            "policy",
            null);
    try (EventProbe training = probe(Topics.TRAINING)) {
      publish(wrongTarget);
      await().atMost(TIMEOUT).until(() -> status(wrongTarget.requestId()).equals("FAILED"));
      String runId =
          jdbc.sql("select id::text from training_runs where request_id = :r")
              .param("r", wrongTarget.requestId())
              .query(String.class)
              .single();
      TrainingRunFailed failed =
          training.await(runId, "training.run-failed").data(json, TrainingRunFailed.class);
      assertThat(failed.error()).contains("binary target 'x1'");
      assertThat(failed.trigger()).isEqualTo("drift");
    }
    assertThat(count("select count(*) from model_versions where model_group = ?", group)).isZero();
  }

  @Test
  void approvalMakesTheVersionChampionAndAnnouncesIt() {
    String group = unique("champ");
    DatasetVersionRegistered dataset = dataset("growth", TestData.binary(dir, 300, 14), group);
    TrainingRunRequested first = request(dataset, group);
    TrainingRunRequested second = request(dataset, group);
    publish(first);
    await().atMost(TIMEOUT).until(() -> status(first.requestId()).equals("SUCCEEDED"));
    publish(second);
    await().atMost(TIMEOUT).until(() -> status(second.requestId()).equals("SUCCEEDED"));

    try (EventProbe models = probe(Topics.MODELS)) {
      publish(new ModelVersionApproved("growth", group, 2, "d-2", List.of("auc ok")));
      ModelAliasMoved moved =
          models.await(group, "model.alias-moved").data(json, ModelAliasMoved.class);
      assertThat(moved.alias()).isEqualTo("champion");
      assertThat(moved.fromVersion()).isNull();
      assertThat(moved.toVersion()).isEqualTo(2);
      assertThat(moved.artifactUri()).endsWith("/v2/model.ubj");
      assertThat(moved.objective()).isEqualTo("binary");
      assertThat(moved.featureSchema()).hasSize(3);
      assertThat(moved.metrics()).containsKey("auc");

      // An older version approved later does not take the champion back.
      publish(new ModelVersionApproved("growth", group, 1, "d-1", List.of()));
      publish(new ModelVersionRejected("growth", group, 2, "d-3", List.of("late veto")));
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  count(
                          "select count(*) from model_versions where model_group = ?"
                              + " and decision_id is not null and version = 1",
                          group)
                      == 1);
    }
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                "REJECTED"
                    .equals(
                        jdbc.sql(
                                "select status from model_versions"
                                    + " where model_group = :g and version = 2")
                            .param("g", group)
                            .query(String.class)
                            .single()));
    assertThat(
            jdbc.sql("select status from model_versions where model_group = :g and version = 1")
                .param("g", group)
                .query(String.class)
                .single())
        .isEqualTo("APPROVED");
    assertThat(
            jdbc.sql("select version from model_aliases where model_group = :g and alias = :a")
                .param("g", group)
                .param("a", "champion")
                .query(Integer.class)
                .single())
        .isEqualTo(2);
    assertThat(
            count(
                "select count(*) from outbox where message_key = ? and event_type = ?",
                group,
                "dev.aifactory.model.alias-moved.v1"))
        .isOne();
  }
}
