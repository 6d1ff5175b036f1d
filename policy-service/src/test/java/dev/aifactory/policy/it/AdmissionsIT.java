package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.BudgetExceeded;
import dev.aifactory.common.security.Caller;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** Training admission, asked by training-service for a team or by the team's ML engineers. */
class AdmissionsIT extends PolicyServiceIntegrationTest {

  ResultActions admit(String clientId, String onBehalfOf, Map<String, Object> body)
      throws Exception {
    var request =
        post("/api/v1/admissions/training")
            .header(HttpHeaders.AUTHORIZATION, bearer(clientId))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body));
    if (onBehalfOf != null) {
      request.header(Caller.ON_BEHALF_OF_HEADER, onBehalfOf);
    }
    return mvc.perform(request);
  }

  static Map<String, Object> request(String group, String quality, double cost) {
    Map<String, Object> body = new HashMap<>();
    body.put("modelGroup", group);
    body.put("datasetId", "ds-" + group);
    body.put("datasetVersion", 3);
    body.put("datasetQualityStatus", quality);
    body.put("datasetTags", List.of("customers"));
    body.put("estimatedCost", cost);
    body.put("trigger", "drift");
    body.put("requestedBy", "policy");
    return body;
  }

  JsonNode body(ResultActions result) throws Exception {
    return json.readTree(result.andReturn().getResponse().getContentAsString());
  }

  int decisionsOn(String team, String group) {
    return jdbc.sql(
            "select count(*) from decisions where team = :t and subject = :g"
                + " and attachment_point = 'training-admission'")
        .param("t", team)
        .param("g", group)
        .query(Integer.class)
        .single();
  }

  @Test
  void admitsTrainingOnPassedDataForAServiceActingForTheTeamAndRecordsTheDecision()
      throws Exception {
    String group = unique("churn");
    JsonNode answer =
        body(
            admit("training-service", "demo", request(group, "PASSED", 1.5))
                .andExpect(status().isOk()));
    assertThat(answer.get("allowed").asBoolean()).isTrue();
    assertThat(answer.get("outcome").asString()).isEqualTo("allow");
    String decisionId = answer.get("decisionId").asString();
    assertThat(answer.get("reasons").get(0).asString())
        .startsWith("training-admission-default v1: allow");

    JsonNode decision = decisions(group).get("items").get(0);
    assertThat(decision.get("decisionId").asString()).isEqualTo(decisionId);
    assertThat(decision.get("team").asString()).isEqualTo("demo");
    assertThat(decision.get("inputs").get("estimated_cost").asDouble()).isEqualTo(1.5);
    assertThat(outboxed(group, "policy.decision-recorded")).hasSize(1);
    assertThat(
            getJson("/api/v1/audit-events?subject=" + group, "factory-admin").get("total").asInt())
        .isEqualTo(1);
  }

  @Test
  void deniesDataThatFailedQualityWithA200AndTheReason() throws Exception {
    String group = unique("churn");
    JsonNode answer =
        body(
            admit("demo-ml", null, request(group, "REJECTED_QUALITY", 0.0))
                .andExpect(status().isOk()));
    assertThat(answer.get("allowed").asBoolean()).isFalse();
    assertThat(answer.get("outcome").asString()).isEqualTo("deny");
    assertThat(answer.get("reasons").toString()).contains("failed quality");
    assertThat(decisionsOn("demo", group)).isEqualTo(1);
  }

  @Test
  void deniesTrainingPastTheHardBudgetReportedByMonitoring() throws Exception {
    String team = unique("team");
    mvc.perform(
            put("/api/v1/budgets/" + team)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"monthlyLimitUsd\": 50.0}"))
        .andExpect(status().isCreated());
    send(new BudgetExceeded(team, "b-" + team, "2026-11", 75.0, 50.0, true));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql("select count(*) from budget_signals where team = :t")
                    .param("t", team)
                    .query(Integer.class)
                    .single(),
            n -> n == 1);

    String group = unique("churn");
    JsonNode answer =
        body(
            admit("training-service", team, request(group, "PASSED", 1.0))
                .andExpect(status().isOk()));
    assertThat(answer.get("allowed").asBoolean()).isFalse();
    assertThat(answer.get("reasons").toString()).contains("monitoring reported team " + team);
    assertThat(decisionsOn(team, group)).isEqualTo(1);
  }

  @Test
  void deniesARunWhoseEstimatedCostWouldPassTheLimit() throws Exception {
    String team = unique("team");
    mvc.perform(
            put("/api/v1/budgets/" + team)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"monthlyLimitUsd\": 10.0}"))
        .andExpect(status().isCreated());
    String group = unique("churn");
    assertThat(
            body(admit("training-service", team, request(group, "PASSED", 4.0)))
                .get("allowed")
                .asBoolean())
        .isTrue();
    assertThat(
            body(admit("training-service", team, request(group, "PASSED", 25.0)))
                .get("allowed")
                .asBoolean())
        .isFalse();
  }

  @Test
  void letsMonitoringReadTheBudgetOfTheTeamItActsFor() throws Exception {
    String team = unique("team");
    mvc.perform(
            put("/api/v1/budgets/" + team)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"monthlyLimitUsd\": 80.0}"))
        .andExpect(status().isCreated());
    mvc.perform(
            get("/api/v1/budgets/" + team)
                .header(HttpHeaders.AUTHORIZATION, bearer("monitoring-service"))
                .header(Caller.ON_BEHALF_OF_HEADER, team))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.monthlyLimitUsd").value(80.0));
    mvc.perform(
            get("/api/v1/budgets/" + team)
                .header(HttpHeaders.AUTHORIZATION, bearer("monitoring-service"))
                .header(Caller.ON_BEHALF_OF_HEADER, "demo"))
        .andExpect(status().isNotFound());
  }

  @Test
  void refusesViewersAndServicesThatNameNoTeam() throws Exception {
    String group = unique("churn");
    admit("demo-viewer", null, request(group, "PASSED", 0.0))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    admit("training-service", null, request(group, "PASSED", 0.0))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value(Caller.ON_BEHALF_OF_HEADER));
    assertThat(decisionsOn("demo", group)).isZero();
  }

  @Test
  void rejectsBadRequestsNamingTheFieldAndRecordsNothing() throws Exception {
    String group = unique("churn");
    Map<String, Object> noGroup = request(group, "PASSED", 0.0);
    noGroup.remove("modelGroup");
    admit("demo-ml", null, noGroup)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("modelGroup"));
    Map<String, Object> badVersion = request(group, "PASSED", 0.0);
    badVersion.put("datasetVersion", 0);
    admit("demo-ml", null, badVersion)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("datasetVersion"));
    admit("demo-ml", null, request(group, "PASSED", -1.0))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("estimatedCost"));
    Map<String, Object> badTags = request(group, "PASSED", 0.0);
    badTags.put("datasetTags", List.of(" "));
    admit("demo-ml", null, badTags)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("datasetTags"));
    assertThat(decisionsOn("demo", group)).isZero();
  }

  @Test
  void aModelGroupPolicyCanRefusePiiData() throws Exception {
    String group = unique("churn");
    Map<String, Object> policy = new HashMap<>();
    policy.put("attachmentPoint", "training-admission");
    policy.put("scope", "model-group:" + group);
    policy.put("expression", "!pii && quality == 'PASSED'");
    mvc.perform(
            put("/api/v1/policies/" + unique("no-pii"))
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(policy)))
        .andExpect(status().isCreated());
    Map<String, Object> pii = request(group, "PASSED", 0.0);
    pii.put("datasetTags", List.of("customers", "pii", "pii:email"));
    JsonNode answer = body(admit("training-service", "demo", pii).andExpect(status().isOk()));
    assertThat(answer.get("allowed").asBoolean()).isFalse();
    assertThat(answer.get("reasons").get(0).asString()).contains("deny");
    assertThat(answer.get("reasons").toString()).contains("contains PII");
  }

  @Test
  void rejectsAnAdmissionPolicyThatReferencesAnUnknownInputWithItsPosition() throws Exception {
    String name = unique("typo");
    mvc.perform(
            put("/api/v1/policies/" + name)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"attachmentPoint\": \"training-admission\", \"scope\": \"team:"
                        + name
                        + "\", \"expression\": \"quality == 'PASSED' && estimated_costs < 5.0\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("expression"))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("column 24")));
    mvc.perform(
            get("/api/v1/policies/" + name)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin")))
        .andExpect(status().isNotFound());
  }
}
