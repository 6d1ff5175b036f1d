package dev.aifactory.training.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.training.TrainingIntegrationTest;
import dev.aifactory.training.run.local.TestData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** A multiclass run through the API, its version's diagnostics and its model card. */
class ModelCardIT extends TrainingIntegrationTest {

  private static final String ENGINEER = TestJwts.bearer("ana", "growth", "ml-engineer");
  private static final String APPROVER = TestJwts.bearer("abe", "growth", "approver");
  private static final String VIEWER = TestJwts.bearer("vic", "growth", "viewer");

  @TempDir Path dir;

  String group;
  String versionPath;

  @BeforeEach
  void trainAMulticlassVersion() throws Exception {
    group = unique("card");
    DatasetVersionRegistered dataset =
        new DatasetVersionRegistered(
            "growth",
            unique("ds"),
            "segments",
            1,
            TestData.multiclass(dir, 900, 71).toUri().toString(),
            "csv",
            "sha256:x",
            List.of(
                new ColumnSchema("x1", ColumnSchema.NUMERIC),
                new ColumnSchema("x2", ColumnSchema.NUMERIC),
                new ColumnSchema("x3", ColumnSchema.NUMERIC),
                new ColumnSchema("segment", ColumnSchema.CATEGORICAL)),
            900,
            "PASSED",
            List.of("pii:email", "domain:segments"),
            List.of(),
            new TrainingBinding(group, "segment", "multiclass", false));
    publish(dataset);
    awaitDataset(dataset.datasetId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelGroup", group);
    body.put("datasetId", dataset.datasetId());
    body.put("hyperparameters", Map.of("num_round", 30));
    String id =
        json.readTree(
                mvc.perform(
                        post("/api/v1/training-runs")
                            .header("Authorization", ENGINEER)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json.writeValueAsString(body)))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.objective").value("multiclass"))
                    .andReturn()
                    .getResponse()
                    .getContentAsString())
            .path("id")
            .asString();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                json.readTree(
                        mvc.perform(
                                get("/api/v1/training-runs/" + id).header("Authorization", VIEWER))
                            .andReturn()
                            .getResponse()
                            .getContentAsString())
                    .path("status")
                    .asString()
                    .equals("SUCCEEDED"));
    versionPath = "/api/v1/model-groups/" + group + "/versions/1";
  }

  private ResultActions editCard(String token, Object body) throws Exception {
    return mvc.perform(
        put(versionPath + "/card")
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body)));
  }

  @Test
  void aMulticlassVersionCarriesItsConfusionMatrixAndFeatureImportance() throws Exception {
    JsonNode version =
        json.readTree(
            mvc.perform(get(versionPath).header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

    assertThat(version.path("objective").asString()).isEqualTo("multiclass");
    assertThat(version.path("metrics").path("f1_macro").isNumber()).isTrue();
    assertThat(version.path("labelMapping").size()).isEqualTo(3);
    assertThat(version.path("confusionMatrix").path("labels").toString())
        .isEqualTo("[\"high\",\"low\",\"mid\"]");
    assertThat(version.path("confusionMatrix").path("counts").size()).isEqualTo(3);
    assertThat(version.path("featureImportance").get(0).path("feature").asString()).isEqualTo("x1");
    assertThat(version.path("requestedBy").asString()).isEqualTo("ana");
  }

  @Test
  void theDraftCardDescribesTheVersionFromTheRegistry() throws Exception {
    mvc.perform(get(versionPath + "/card").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("DRAFT"))
        .andExpect(jsonPath("$.intendedUse").value(org.hamcrest.Matchers.containsString("class")))
        .andExpect(jsonPath("$.data.tags[0]").value("pii:email"))
        .andExpect(jsonPath("$.data.datasetVersion").value(1))
        .andExpect(jsonPath("$.data.rowsValidation").value(180))
        .andExpect(jsonPath("$.metrics.accuracy").isNumber())
        .andExpect(jsonPath("$.topFeatures[0].feature").value("x1"))
        .andExpect(jsonPath("$.confusionMatrix.labels.length()").value(3))
        .andExpect(jsonPath("$.lineage.requestedBy").value("ana"))
        .andExpect(
            jsonPath("$.limitations[*]")
                .value(
                    org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.containsString("pii:email"))));
  }

  @Test
  void anEditedCardIsADraftUntilAnApproverApprovesItAndEditingAgainWithdrawsTheApproval()
      throws Exception {
    editCard(
            ENGINEER,
            Map.of(
                "intendedUse",
                "Route support tickets by customer segment.",
                "limitations",
                List.of("Not for credit decisions.")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("DRAFT"))
        .andExpect(jsonPath("$.intendedUse").value("Route support tickets by customer segment."))
        .andExpect(jsonPath("$.limitations[0]").value("Not for credit decisions."))
        .andExpect(jsonPath("$.editedBy").value("ana"));

    editCard(ENGINEER, Map.of("approved", true)).andExpect(status().isForbidden());
    editCard(APPROVER, Map.of("approved", true))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("APPROVED"))
        .andExpect(jsonPath("$.approvedBy").value("abe"))
        .andExpect(jsonPath("$.intendedUse").value("Route support tickets by customer segment."));

    editCard(ENGINEER, Map.of("limitations", List.of("Not for credit decisions.", "EU only.")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("DRAFT"))
        .andExpect(jsonPath("$.approvedBy").doesNotExist())
        .andExpect(jsonPath("$.limitations.length()").value(2));
  }

  @Test
  void badCardEditsAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
    editCard(ENGINEER, Map.of("intendedUse", "  "))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("intendedUse"));
    editCard(ENGINEER, Map.of("limitations", List.of("ok", "")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("limitations[1]"));
    editCard(VIEWER, Map.of("intendedUse", "x")).andExpect(status().isForbidden());
    mvc.perform(
            put("/api/v1/model-groups/" + group + "/versions/9/card")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"intendedUse\":\"x\"}"))
        .andExpect(status().isNotFound());
    mvc.perform(get(versionPath + "/card").header("Authorization", VIEWER))
        .andExpect(jsonPath("$.status").value("DRAFT"))
        .andExpect(jsonPath("$.editedBy").doesNotExist());
  }
}
