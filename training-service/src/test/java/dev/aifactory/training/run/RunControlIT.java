package dev.aifactory.training.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.TrainingRunCancelled;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.training.TrainingIntegrationTest;
import dev.aifactory.training.TrainingProperties;
import dev.aifactory.training.dataset.DatasetProjection;
import dev.aifactory.training.registry.ModelRegistry;
import dev.aifactory.training.run.local.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/** Progress on a run (rounds with their metrics), cancellation and the training timeout. */
class RunControlIT extends TrainingIntegrationTest {

  private static final String ENGINEER = TestJwts.bearer("ana", "growth", "ml-engineer");
  private static final String VIEWER = TestJwts.bearer("vic", "growth", "viewer");

  @Autowired TrainingRuns runs;
  @Autowired TrainingDispatcher dispatcher;
  @Autowired DatasetProjection datasets;
  @Autowired ModelRegistry registry;
  @Autowired TrainingLauncher launcher;
  @Autowired Outbox outbox;
  @Autowired PlatformTransactionManager transactions;
  @Autowired RunMetrics runMetrics;
  @Autowired RunAdmission admission;
  @Autowired RunLogs runLogs;

  @TempDir Path dir;

  private String start(DatasetVersionRegistered dataset, String group, Map<String, Object> hp)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelGroup", group);
    body.put("datasetId", dataset.datasetId());
    body.put("hyperparameters", hp);
    String response =
        mvc.perform(
                post("/api/v1/training-runs")
                    .header("Authorization", ENGINEER)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body)))
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(response).path("id").asString();
  }

  private JsonNode read(String id) throws Exception {
    return json.readTree(
        mvc.perform(get("/api/v1/training-runs/" + id).header("Authorization", VIEWER))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  private List<String> outboxPayloads(String key, String shortType) {
    return jdbc.sql(
            "select payload from outbox where message_key = :k and event_type = :t order by seq")
        .param("k", key)
        .param("t", "dev.aifactory." + shortType + ".v1")
        .query(String.class)
        .list();
  }

  private DatasetVersionRegistered publishDataset(int rows, String group) {
    DatasetVersionRegistered dataset = dataset("growth", TestData.binary(dir, rows, 41), group);
    publish(dataset);
    awaitDataset(dataset.datasetId());
    return dataset;
  }

  @Test
  void aFinishedRunShowsEveryRoundAndCannotBeCancelled() throws Exception {
    String group = unique("rounds");
    String id =
        start(
            publishDataset(300, group), group, Map.of("num_round", 8, "early_stopping_rounds", 0));
    await().atMost(TIMEOUT).until(() -> read(id).path("status").asString().equals("SUCCEEDED"));

    JsonNode run = read(id);
    assertThat(run.path("iterations").size()).isEqualTo(8);
    assertThat(run.path("iterations").get(7).path("round").asInt()).isEqualTo(7);
    assertThat(run.path("iterations").get(0).path("train-logloss").isNumber()).isTrue();
    assertThat(run.path("iterations").get(0).path("validation-logloss").isNumber()).isTrue();

    mvc.perform(post("/api/v1/training-runs/" + id + "/cancel").header("Authorization", ENGINEER))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("SUCCEEDED")));
    assertThat(read(id).path("status").asString()).isEqualTo("SUCCEEDED");
  }

  @Test
  void cancellingARunningRunStopsItsWorkerAndRegistersNothing() throws Exception {
    String group = unique("cancel");
    String id =
        start(
            publishDataset(20_000, group),
            group,
            Map.of("num_round", 5000, "early_stopping_rounds", 0, "max_depth", 8, "eta", 0.01));
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              JsonNode run = read(id);
              return run.path("status").asString().equals("RUNNING")
                  && run.path("iterations").size() > 0;
            });

    mvc.perform(post("/api/v1/training-runs/" + id + "/cancel").header("Authorization", ENGINEER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("CANCELLED"))
        .andExpect(jsonPath("$.error").value("cancelled by ana"));

    UUID runId = UUID.fromString(id);
    await().atMost(TIMEOUT).until(() -> !dispatcher.inFlight().contains(runId));
    JsonNode run = read(id);
    assertThat(run.path("status").asString()).isEqualTo("CANCELLED");
    assertThat(run.path("iterations").size()).isLessThan(5000);
    assertThat(count("select count(*) from model_versions where model_group = ?", group)).isZero();
    assertThat(outboxPayloads(id, "training.run-failed")).isEmpty();
    List<String> cancelledEvents = outboxPayloads(id, "training.run-cancelled");
    assertThat(cancelledEvents).hasSize(1);
    TrainingRunCancelled cancelled =
        json.readValue(cancelledEvents.get(0), TrainingRunCancelled.class);
    assertThat(cancelled.cancelledBy()).isEqualTo("ana");
    assertThat(cancelled.modelGroup()).isEqualTo(group);
    assertThat(cancelled.reason()).isEqualTo("cancelled by ana");
    assertThat(cancelled.durationMs()).isPositive();
    assertThat(cancelled.trigger()).isEqualTo("manual");
    assertThat(logs(id, "").path("lines").findValuesAsString("message"))
        .contains("cancelled by ana");

    mvc.perform(post("/api/v1/training-runs/" + id + "/cancel").header("Authorization", ENGINEER))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  private JsonNode logs(String id, String query) throws Exception {
    return json.readTree(
        mvc.perform(
                get("/api/v1/training-runs/" + id + "/logs" + query)
                    .header("Authorization", VIEWER))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  @Test
  void aRunLogsItsLifeWithTimestampsPageByPage() throws Exception {
    String group = unique("logs");
    String id =
        start(
            publishDataset(300, group),
            group,
            Map.of("num_round", 300, "early_stopping_rounds", 3));
    await().atMost(TIMEOUT).until(() -> read(id).path("status").asString().equals("SUCCEEDED"));

    JsonNode all = logs(id, "?offset=0&limit=1000");
    List<String> messages = new java.util.ArrayList<>();
    all.path("lines").forEach(l -> messages.add(l.path("message").asString()));
    assertThat(messages.get(0)).startsWith("queued: manual request by ana");
    assertThat(messages.get(1)).startsWith("training started (attempt 1): binary on ");
    assertThat(messages).anyMatch(m -> m.startsWith("round 0: train-logloss="));
    assertThat(messages).anyMatch(m -> m.startsWith("early stopping after round "));
    assertThat(messages.get(messages.size() - 1)).startsWith("succeeded in ").contains(" v1 ");
    assertThat(all.path("lines").get(0).path("at").asString()).isNotBlank();
    assertThat(all.path("lines").get(0).path("level").asString()).isEqualTo("INFO");
    long total = all.path("total").asLong();
    assertThat(total).isEqualTo(messages.size());

    JsonNode first = logs(id, "?offset=0&limit=2");
    assertThat(first.path("lines").size()).isEqualTo(2);
    assertThat(first.path("nextOffset").asLong()).isEqualTo(2);
    JsonNode rest = logs(id, "?offset=2&limit=1000");
    assertThat(rest.path("lines").get(0).path("offset").asLong()).isEqualTo(2);
    assertThat(rest.path("lines").get(0).path("message").asString()).isEqualTo(messages.get(2));
    assertThat(rest.path("nextOffset").asLong()).isEqualTo(total);

    mvc.perform(
            get("/api/v1/training-runs/" + id + "/logs?limit=0").header("Authorization", VIEWER))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("limit"));
    mvc.perform(
            get("/api/v1/training-runs/" + id + "/logs")
                .header("Authorization", TestJwts.bearer("olga", "payments", "viewer")))
        .andExpect(status().isNotFound());
  }

  @Test
  void viewersCannotCancelAndOtherTeamsDoNotSeeTheRun() throws Exception {
    String group = unique("guard");
    String id = start(publishDataset(300, group), group, Map.of("num_round", 5));
    mvc.perform(post("/api/v1/training-runs/" + id + "/cancel").header("Authorization", VIEWER))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/api/v1/training-runs/" + id + "/cancel")
                .header("Authorization", TestJwts.bearer("olga", "payments", "ml-engineer")))
        .andExpect(status().isNotFound());
  }

  @Test
  void aRunThatOutlivesTheTimeoutFailsWithAClearMessage() {
    TrainingProperties strict =
        new TrainingProperties(
            properties.dataDir(),
            new TrainingProperties.Training(
                "local",
                1,
                Duration.ofSeconds(1),
                Duration.ofMillis(300),
                3,
                properties.training().cost(),
                10));
    TrainingRunManagement management =
        new TrainingRunManagement(
            runs,
            datasets,
            registry,
            launcher,
            outbox,
            transactions,
            runMetrics,
            admission,
            runLogs,
            strict);
    String group = unique("timeout");
    UUID id = UUID.randomUUID();
    // Created RUNNING, as a worker would hold it, so that no dispatcher claims it.
    runs.create(
        id,
        new TrainingRunSpec(
            "growth",
            UUID.randomUUID().toString(),
            null,
            group,
            "ds-timeout",
            1,
            TestData.binary(dir, 20_000, 43).toUri().toString(),
            List.of(),
            "churned",
            "binary",
            Map.of("num_round", "5000", "early_stopping_rounds", "0", "max_depth", "8"),
            "schedule",
            "nightly",
            "scheduler",
            null),
        RunStatus.RUNNING,
        null);

    management.execute(runs.find(id).orElseThrow());

    TrainingRun run = runs.find(id).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error())
        .contains("timed out")
        .contains("0.3s")
        .contains("aifactory.training.timeout");
    assertThat(run.iterations()).isNotEmpty().hasSizeLessThan(5000);
    assertThat(count("select count(*) from model_versions where model_group = ?", group)).isZero();
  }

  /** Stands in for compute that is down: fails every start with an infrastructure failure. */
  private static final TrainingLauncher UNAVAILABLE =
      (job, progress) -> {
        throw new TrainingInfrastructureFailure(
            "SageMaker refused to start the pipeline: Service Unavailable (503)", null);
      };

  private TrainingRun runningRun(String group, int attempts) {
    UUID id = UUID.randomUUID();
    runs.create(
        id,
        new TrainingRunSpec(
            "growth",
            UUID.randomUUID().toString(),
            null,
            group,
            "ds-retry",
            1,
            TestData.binary(dir, 200, 44).toUri().toString(),
            List.of(),
            "churned",
            "binary",
            Map.of("num_round", "5"),
            "schedule",
            "nightly",
            "scheduler",
            null),
        RunStatus.RUNNING,
        null);
    jdbc.sql("update training_runs set attempts = :a where id = :id")
        .param("a", attempts)
        .param("id", id)
        .update();
    return runs.find(id).orElseThrow();
  }

  private TrainingRunManagement management(TrainingLauncher launcher) {
    return new TrainingRunManagement(
        runs,
        datasets,
        registry,
        launcher,
        outbox,
        transactions,
        runMetrics,
        admission,
        runLogs,
        properties);
  }

  @Test
  void anInfrastructureFailureRequeuesTheRunWhichThenTrains() {
    String group = unique("retry");
    TrainingRun run = runningRun(group, 1);

    management(UNAVAILABLE).execute(run);

    // Back in the queue with the reason; the service's own dispatcher then trains it.
    await()
        .atMost(TIMEOUT)
        .until(() -> runs.find(run.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
    TrainingRun done = runs.find(run.id()).orElseThrow();
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(count("select count(*) from model_versions where model_group = ?", group)).isOne();
  }

  @Test
  void anInfrastructureFailureOnTheLastAttemptFailsTheRun() {
    String group = unique("giveup");
    TrainingRun run = runningRun(group, 3);

    management(UNAVAILABLE).execute(run);

    TrainingRun failed = runs.find(run.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).contains("Service Unavailable").contains("gave up after 3 attempts");
  }

  @Test
  void aDataProblemIsNotRetried() {
    String group = unique("noretry");
    TrainingRun run = runningRun(group, 1);
    TrainingLauncher badData =
        (job, progress) -> {
          throw new TrainingFailure("target column 'churned' has 3 distinct values");
        };

    management(badData).execute(run);

    TrainingRun failed = runs.find(run.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
  }
}
