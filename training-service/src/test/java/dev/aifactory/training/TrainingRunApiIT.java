package dev.aifactory.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.ColumnSummary;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.testing.PagingProbe;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.training.run.local.TestData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

class TrainingRunApiIT extends TrainingIntegrationTest {

  private static final String ENGINEER = TestJwts.bearer("ana", "growth", "ml-engineer");
  private static final String VIEWER = TestJwts.bearer("vic", "growth", "viewer");
  private static final String OTHER_TEAM = TestJwts.bearer("olga", "payments", "ml-engineer");

  @TempDir Path dir;

  DatasetVersionRegistered dataset;
  String group;

  @BeforeEach
  void registerDataset() {
    group = unique("api");
    dataset = dataset("growth", TestData.binary(dir, 300, 21), group);
    publish(dataset);
    awaitDataset(dataset.datasetId());
  }

  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelGroup", group);
    body.put("datasetId", dataset.datasetId());
    body.put("target", "churned");
    body.put("objective", "binary");
    body.put("hyperparameters", Map.of("max_depth", 3, "num_round", 20));
    body.put("trigger", "ci");
    body.put("reason", "pipeline #42");
    return body;
  }

  private ResultActions post(String token, Map<String, Object> body, String key) throws Exception {
    MockHttpServletRequestBuilder request =
        MockMvcRequestBuilders.post("/api/v1/training-runs")
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return mvc.perform(request);
  }

  private void assertNothingCreated() {
    assertThat(count("select count(*) from training_runs where model_group = ?", group)).isZero();
    assertThat(count("select count(*) from model_groups where name = ?", group)).isZero();
  }

  private void expectFieldProblem(ResultActions result, int status, String field) throws Exception {
    result
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field));
    assertNothingCreated();
  }

  @Test
  void refusesAPageOrPageSizeOutOfRangeOnEveryListNamingIt() throws Exception {
    for (String list : List.of("/api/v1/training-runs", "/api/v1/model-groups")) {
      PagingProbe.refusesOutOfRangePaging(mvc, list, VIEWER);
    }
  }

  @Test
  void queuesARunThatThenSucceeds() throws Exception {
    String location =
        post(ENGINEER, body(), null)
            .andExpect(status().isAccepted())
            .andExpect(header().string("Location", containsString("/api/v1/training-runs/")))
            .andExpect(jsonPath("$.status").value("QUEUED"))
            .andExpect(jsonPath("$.trigger").value("ci"))
            .andExpect(jsonPath("$.requestedBy").value("ana"))
            .andExpect(jsonPath("$.datasetVersion").value(1))
            .andReturn()
            .getResponse()
            .getHeader("Location");

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                mvc.perform(get(location).header("Authorization", VIEWER))
                    .andReturn()
                    .getResponse()
                    .getContentAsString()
                    .contains("\"SUCCEEDED\""));
    mvc.perform(get(location).header("Authorization", VIEWER))
        .andExpect(jsonPath("$.modelVersion").value(1))
        .andExpect(jsonPath("$.metrics.auc").isNumber())
        .andExpect(jsonPath("$.cost").isNumber());
    mvc.perform(
            get("/api/v1/training-runs")
                .param("modelGroup", group)
                .param("status", "succeeded")
                .header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.size").value(20))
        .andExpect(jsonPath("$.items[0].modelGroup").value(group));

    mvc.perform(get("/api/v1/model-groups/" + group).header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.team").value("growth"))
        .andExpect(jsonPath("$.latest").value(1));
    mvc.perform(
            get("/api/v1/model-groups/" + group + "/versions/1").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("PENDING_MANUAL_APPROVAL"))
        .andExpect(jsonPath("$.lineage.datasetId").value(dataset.datasetId()))
        .andExpect(jsonPath("$.lineage.params.max_depth").value("3"))
        .andExpect(jsonPath("$.artifactUri", containsString("/v1/model.ubj")))
        .andExpect(jsonPath("$.baselineUri", containsString("/v1/baseline.json")))
        .andExpect(jsonPath("$.tags[0]").value("pii:none"));
    mvc.perform(get("/api/v1/model-groups/" + group + "/versions").header("Authorization", VIEWER))
        .andExpect(jsonPath("$.items[0].version").value(1));

    // Only APPROVED versions can carry an alias.
    mvc.perform(
            put("/api/v1/model-groups/" + group + "/aliases/champion")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"version\":1}"))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(count("select count(*) from model_aliases where model_group = ?", group)).isZero();

    // Other teams see nothing of it.
    mvc.perform(get(location).header("Authorization", OTHER_TEAM)).andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/model-groups/" + group).header("Authorization", OTHER_TEAM))
        .andExpect(status().isNotFound());
  }

  @Test
  void sameIdempotencyKeyAndBodyReturnTheSameRun() throws Exception {
    String key = UUID.randomUUID().toString();
    String first =
        post(ENGINEER, body(), key)
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getHeader("Location");
    String second =
        post(ENGINEER, body(), key)
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getHeader("Location");
    assertThat(second).isEqualTo(first);
    assertThat(count("select count(*) from training_runs where model_group = ?", group)).isOne();

    Map<String, Object> changed = body();
    changed.put("reason", "something else");
    post(ENGINEER, changed, key)
        .andExpect(status().isUnprocessableContent())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(count("select count(*) from training_runs where model_group = ?", group)).isOne();
  }

  @Test
  void rejectsAnUnknownObjective() throws Exception {
    Map<String, Object> body = body();
    body.put("objective", "ranking");
    expectFieldProblem(post(ENGINEER, body, null), 400, "objective");
  }

  @Test
  void rejectsATargetColumnTheDatasetDoesNotHave() throws Exception {
    Map<String, Object> body = body();
    body.put("target", "revenue");
    expectFieldProblem(post(ENGINEER, body, null), 400, "target");
  }

  @Test
  void rejectsUnsupportedHyperparameters() throws Exception {
    Map<String, Object> body = body();
    body.put("hyperparameters", Map.of("max_depth", 99));
    expectFieldProblem(post(ENGINEER, body, null), 400, "hyperparameters.max_depth");
  }

  @Test
  void rejectsAnInvalidModelGroupName() throws Exception {
    Map<String, Object> body = body();
    body.put("modelGroup", "../etc");
    post(ENGINEER, body, null)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("modelGroup"));
    assertNothingCreated();
  }

  @Test
  void reportsAnUnknownDatasetAsNotFound() throws Exception {
    Map<String, Object> body = body();
    body.put("datasetId", "no-such-dataset");
    post(ENGINEER, body, null)
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertNothingCreated();
  }

  @Test
  void reportsAnotherTeamsDatasetAsNotFound() throws Exception {
    post(OTHER_TEAM, body(), null).andExpect(status().isNotFound());
    assertNothingCreated();
  }

  @Test
  void refusesAModelGroupNameOwnedByAnotherTeam() throws Exception {
    post(ENGINEER, body(), null).andExpect(status().isAccepted());
    DatasetVersionRegistered theirs = dataset("payments", TestData.binary(dir, 50, 22), group);
    publish(theirs);
    awaitDataset(theirs.datasetId());
    Map<String, Object> body = body();
    body.put("datasetId", theirs.datasetId());

    post(OTHER_TEAM, body, null)
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(
            count(
                "select count(*) from training_runs where team = 'payments' and model_group = ?",
                group))
        .isZero();
  }

  @Test
  void viewersCannotStartRuns() throws Exception {
    post(VIEWER, body(), null)
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertNothingCreated();
  }

  @Test
  void rejectsAnOversizedPage() throws Exception {
    mvc.perform(get("/api/v1/training-runs").param("size", "500").header("Authorization", VIEWER))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("size"));
  }

  /** The same dataset announced with another quality status or profile. */
  private DatasetVersionRegistered variant(String quality, List<ColumnSummary> profile) {
    DatasetVersionRegistered d = dataset;
    return new DatasetVersionRegistered(
        d.team(),
        unique("ds"),
        d.name(),
        d.version(),
        d.location(),
        d.format(),
        d.contentHash(),
        d.schema(),
        d.rowCount(),
        quality,
        d.tags(),
        profile,
        d.training());
  }

  @Test
  void takesTargetAndObjectiveFromTheDatasetsTrainingBinding() throws Exception {
    Map<String, Object> body = body();
    body.remove("target");
    body.remove("objective");
    post(ENGINEER, body, null)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.target").value("churned"))
        .andExpect(jsonPath("$.objective").value("binary"));
  }

  @Test
  void reportsAnUnknownDatasetVersionAsNotFound() throws Exception {
    Map<String, Object> body = body();
    body.put("datasetVersion", 7);
    post(ENGINEER, body, null)
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail", containsString("@7")));
    assertNothingCreated();
  }

  @Test
  void rejectsAnUnknownHyperparameter() throws Exception {
    Map<String, Object> body = body();
    body.put("hyperparameters", Map.of("learning_speed", 3));
    expectFieldProblem(post(ENGINEER, body, null), 400, "hyperparameters.learning_speed");
  }

  @Test
  void rejectsAHyperparameterOutOfRange() throws Exception {
    Map<String, Object> body = body();
    body.put("hyperparameters", Map.of("eta", 1.5));
    expectFieldProblem(post(ENGINEER, body, null), 400, "hyperparameters.eta");
  }

  @Test
  void rejectsRegressionOnACategoricalTarget() throws Exception {
    Map<String, Object> body = body();
    body.put("objective", "regression");
    expectFieldProblem(post(ENGINEER, body, null), 400, "target");
  }

  @Test
  void rejectsABinaryTargetWithMoreThanTwoValues() throws Exception {
    DatasetVersionRegistered profiled =
        variant(
            "PASSED",
            List.of(new ColumnSummary("x1", "numeric", 300, 0, 300, -3.0, 3.0, 0.0, 1.0)));
    publish(profiled);
    awaitDataset(profiled.datasetId());
    Map<String, Object> body = body();
    body.put("datasetId", profiled.datasetId());
    body.put("target", "x1");
    expectFieldProblem(post(ENGINEER, body, null), 400, "target");
  }

  @Test
  void rejectsADatasetThatFailedQualityChecks() throws Exception {
    DatasetVersionRegistered rejected = variant("REJECTED_QUALITY", List.of());
    publish(rejected);
    awaitDataset(rejected.datasetId());
    Map<String, Object> body = body();
    body.put("datasetId", rejected.datasetId());
    expectFieldProblem(post(ENGINEER, body, null), 400, "datasetVersion");
  }
}
