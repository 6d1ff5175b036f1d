package dev.aifactory.training.admission;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.training.TrainingIntegrationTest;
import dev.aifactory.training.run.local.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/**
 * Admission before launch with WireMock standing in for ingestion (the grant check) and policy (the
 * token endpoint and the admission decision): they are other processes, run for real by the e2e
 * tests.
 */
class AdmissionIT extends TrainingIntegrationTest {

  private static final String ENGINEER = TestJwts.bearer("ana", "growth", "ml-engineer");
  private static final String SERVICE_TOKEN = "svc-token-1";
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("training-service:s3cret".getBytes(StandardCharsets.UTF_8));

  static final WireMockServer policy = new WireMockServer(options().dynamicPort());
  static final WireMockServer ingestion = new WireMockServer(options().dynamicPort());

  static {
    policy.start();
    ingestion.start();
  }

  @DynamicPropertySource
  static void admission(DynamicPropertyRegistry registry) {
    registry.add("aifactory.training.admission.enabled", () -> "true");
    registry.add("aifactory.training.admission.policy-url", policy::baseUrl);
    registry.add("aifactory.training.admission.ingestion-url", ingestion::baseUrl);
    registry.add("aifactory.training.admission.client-secret", () -> "s3cret");
    registry.add("aifactory.training.admission.retry-delay", () -> "300ms");
    registry.add("aifactory.training.admission.timeout", () -> "2s");
  }

  @AfterAll
  static void stop() {
    policy.stop();
    ingestion.stop();
  }

  @TempDir Path dir;

  DatasetVersionRegistered dataset;
  String group;

  @BeforeEach
  void datasetAndToken() {
    policy.stubFor(
        post(urlPathEqualTo("/oauth2/token"))
            .withHeader("Authorization", equalTo(BASIC))
            .withRequestBody(equalTo("grant_type=client_credentials"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\""
                            + SERVICE_TOKEN
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    group = unique("adm");
    dataset = dataset("growth", TestData.binary(dir, 300, 61), group);
    publish(dataset);
    awaitDataset(dataset.datasetId());
  }

  private MappingBuilder access(String principal) {
    return com.github.tomakehurst.wiremock.client.WireMock.get(
            urlPathEqualTo(
                "/api/v1/datasets/"
                    + dataset.datasetId()
                    + "/versions/"
                    + dataset.version()
                    + "/access"))
        .withQueryParam("principal", equalTo(principal))
        .withQueryParam("permission", equalTo("READ"))
        .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
        .withHeader("X-Aifactory-On-Behalf-Of", equalTo("growth"));
  }

  private void grant(String principal) {
    ingestion.stubFor(
        access(principal)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"principal\":\"" + principal + "\",\"permission\":\"READ\"}")));
  }

  private void noGrant(String principal) {
    ingestion.stubFor(
        access(principal)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"'"
                            + principal
                            + "' has no READ grant on dataset 'customers' version 1 (tags"
                            + " [pii:none, domain:churn]): missing grant READ on dataset"
                            + " 'customers' or on a tag expression matching its tags\"}")));
  }

  private MappingBuilder admissionCall() {
    return post(urlPathEqualTo("/api/v1/admissions/training"))
        .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
        .withHeader("X-Aifactory-On-Behalf-Of", equalTo("growth"))
        .withRequestBody(matchingJsonPath("$.modelGroup", equalTo(group)));
  }

  private void verdict(boolean allowed, String decisionId, String... reasons) {
    policy.stubFor(
        admissionCall()
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        json.writeValueAsString(
                            Map.of(
                                "decisionId",
                                decisionId,
                                "allowed",
                                allowed,
                                "outcome",
                                allowed ? "ALLOW" : "DENY",
                                "reasons",
                                List.of(reasons))))));
  }

  private String submit(int expectedStatus) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelGroup", group);
    body.put("datasetId", dataset.datasetId());
    body.put("hyperparameters", Map.of("num_round", 10));
    body.put("trigger", "ci");
    return mvc.perform(
            MockMvcRequestBuilders.post("/api/v1/training-runs")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)))
        .andExpect(status().is(expectedStatus))
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private JsonNode run(String id) throws Exception {
    return json.readTree(
        mvc.perform(get("/api/v1/training-runs/" + id).header("Authorization", ENGINEER))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  private String runStatus(String id) throws Exception {
    return run(id).path("status").asString();
  }

  private long outboxEvents(String runId, String shortType) {
    return count(
        "select count(*) from outbox where message_key = ? and event_type = ?",
        runId,
        "dev.aifactory." + shortType + ".v1");
  }

  @Test
  void anAdmittedRunLaunchesAsTheServiceActingForTheTeam() throws Exception {
    grant("ana");
    verdict(true, "adm-1");

    String id = json.readTree(submit(202)).path("id").asString();

    await().atMost(TIMEOUT).until(() -> runStatus(id).equals("SUCCEEDED"));
    assertThat(run(id).path("admissionDecisionId").asString()).isEqualTo("adm-1");
    policy.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/admissions/training"))
            .withRequestBody(
                equalToJson(
                    """
                    {"modelGroup": "%s", "datasetId": "%s", "datasetVersion": 1,
                     "datasetQualityStatus": "PASSED", "datasetTags": ["pii:none", "domain:churn"],
                     "estimatedCost": "${json-unit.any-number}", "trigger": "ci",
                     "requestedBy": "ana"}
                    """
                        .formatted(group, dataset.datasetId()))));
    // Checked at submission and again before launch.
    ingestion.verify(
        2,
        getRequestedFor(
            urlPathEqualTo("/api/v1/datasets/" + dataset.datasetId() + "/versions/1/access")));
    assertThat(outboxEvents(id, "training.run-started")).isOne();
  }

  @Test
  void aDatasetWithoutAGrantIsRefusedWithAProblemNamingTheMissingGrant() throws Exception {
    noGrant("ana");

    String problem = submit(403);

    JsonNode body = json.readTree(problem);
    assertThat(body.path("detail").asString())
        .contains("datasetId")
        .contains(dataset.datasetId())
        .contains("missing grant READ on dataset 'customers'");
    assertThat(count("select count(*) from training_runs where model_group = ?", group)).isZero();
  }

  @Test
  void aRefusedSubmissionAnswersProblemJson() throws Exception {
    noGrant("ana");
    Map<String, Object> body = Map.of("modelGroup", group, "datasetId", dataset.datasetId());
    mvc.perform(
            MockMvcRequestBuilders.post("/api/v1/training-runs")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(403));
  }

  @Test
  void aRunPolicyDeniesEndsRejectedWithTheReasonsAndNeverStarts() throws Exception {
    grant("ana");
    verdict(false, "adm-2", "team growth's training budget is exhausted: 10.00 of 10.00 USD");

    String id = json.readTree(submit(202)).path("id").asString();

    await().atMost(TIMEOUT).until(() -> runStatus(id).equals("REJECTED"));
    JsonNode run = run(id);
    assertThat(run.path("rejectionReasons").get(0).asString())
        .isEqualTo("team growth's training budget is exhausted: 10.00 of 10.00 USD");
    assertThat(run.path("error").asString()).startsWith("rejected: ").contains("budget");
    assertThat(run.path("admissionDecisionId").asString()).isEqualTo("adm-2");
    assertThat(run.path("modelVersion").isNull()).isTrue();
    assertThat(count("select count(*) from model_versions where model_group = ?", group)).isZero();
    assertThat(outboxEvents(id, "training.run-started")).isZero();
    assertThat(outboxEvents(id, "training.run-rejected")).isOne();
    assertThat(outboxEvents(id, "training.run-failed")).isZero();
  }

  @Test
  void anEventTriggeredRunIsCheckedForTheTeamAndRejectedNamingTheMissingGrant() throws Exception {
    noGrant("team:growth");
    TrainingRunRequested request = request(dataset, group);

    publish(request);

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql("select status from training_runs where request_id = :r")
                    .param("r", request.requestId())
                    .query(String.class)
                    .optional()
                    .orElse("")
                    .equals("REJECTED"));
    String reasons =
        jdbc.sql("select rejection_reasons::text from training_runs where request_id = :r")
            .param("r", request.requestId())
            .query(String.class)
            .single();
    assertThat(reasons).contains("missing grant").contains("'team:growth' has no READ grant");
    policy.verify(
        0,
        postRequestedFor(urlPathEqualTo("/api/v1/admissions/training"))
            .withRequestBody(matchingJsonPath("$.modelGroup", equalTo(group))));
  }

  @Test
  void anUnreachablePolicyKeepsTheRunWaitingUntilItAnswers() throws Exception {
    grant("ana");
    policy.stubFor(
        admissionCall().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    String id = json.readTree(submit(202)).path("id").asString();

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                policy
                        .findAll(
                            postRequestedFor(urlPathEqualTo("/api/v1/admissions/training"))
                                .withRequestBody(matchingJsonPath("$.modelGroup", equalTo(group))))
                        .size()
                    >= 3);
    // Between attempts the run waits in the queue with the reason, never REJECTED or FAILED.
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              JsonNode waiting = run(id);
              return waiting.path("status").asString().equals("QUEUED")
                  && waiting.path("error").asString("").startsWith("waiting for admission: ");
            });
    assertThat(runStatus(id)).isIn("QUEUED", "RUNNING");

    verdict(true, "adm-3");

    await().atMost(TIMEOUT).until(() -> runStatus(id).equals("SUCCEEDED"));
    assertThat(run(id).path("admissionDecisionId").asString()).isEqualTo("adm-3");
  }
}
