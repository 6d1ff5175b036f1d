package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.BudgetExceeded;
import dev.aifactory.common.security.Caller;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** Deployment admission: PII behind public endpoints, instance types, budgets. */
class DeploymentAdmissionIT extends PolicyServiceIntegrationTest {

  ResultActions admit(String clientId, String onBehalfOf, Map<String, Object> body)
      throws Exception {
    var request =
        post("/api/v1/admissions/deployment")
            .header(HttpHeaders.AUTHORIZATION, bearer(clientId))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body));
    if (onBehalfOf != null) {
      request.header(Caller.ON_BEHALF_OF_HEADER, onBehalfOf);
    }
    return mvc.perform(request);
  }

  static Map<String, Object> deployment(String group, boolean open, boolean pii) {
    Map<String, Object> body = new HashMap<>();
    body.put("endpoint", group + "-ep");
    body.put("modelGroup", group);
    body.put("modelVersion", 2);
    body.put("instanceType", "ml.m5.large");
    body.put("instanceCount", 1);
    body.put("publicEndpoint", open);
    body.put("trainedOnPii", pii);
    return body;
  }

  JsonNode answer(ResultActions result) throws Exception {
    return json.readTree(
        result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
  }

  @Test
  void refusesAPublicEndpointForAModelTrainedOnPiiButAllowsAPrivateOne() throws Exception {
    String group = unique("churn");
    JsonNode denied = answer(admit("demo-ml", null, deployment(group, true, true)));
    assertThat(denied.get("allowed").asBoolean()).isFalse();
    assertThat(denied.get("reasons").get(0).asString()).isEqualTo("deployment-default v1: deny");
    assertThat(denied.get("reasons").get(1).asString())
        .contains("public endpoint")
        .contains("trained on PII data");
    JsonNode allowed = answer(admit("training-service", "demo", deployment(group, false, true)));
    assertThat(allowed.get("allowed").asBoolean()).isTrue();
    assertThat(decisions(group).get("total").asInt()).isEqualTo(2);
  }

  @Test
  void aGroupPolicyLimitsTheInstanceTypes() throws Exception {
    String group = unique("churn");
    mvc.perform(
            put("/api/v1/policies/" + unique("instances"))
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of(
                            "attachmentPoint", "deployment",
                            "scope", "model-group:" + group,
                            "expression",
                                "instance_type in ['local', 'ml.m5.large'] && instance_count <= 2"))))
        .andExpect(status().isCreated());
    assertThat(
            answer(admit("demo-ml", null, deployment(group, false, false)))
                .get("allowed")
                .asBoolean())
        .isTrue();
    Map<String, Object> big = deployment(group, false, false);
    big.put("instanceType", "ml.p4d.24xlarge");
    assertThat(answer(admit("demo-ml", null, big)).get("allowed").asBoolean()).isFalse();
  }

  @Test
  void refusesNewDeploymentsPastTheHardBudget() throws Exception {
    String team = unique("team");
    mvc.perform(
            put("/api/v1/budgets/" + team)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"monthlyLimitUsd\": 10.0}"))
        .andExpect(status().isCreated());
    send(new BudgetExceeded(team, "b", "2026-11", 12.0, 10.0, true));
    org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql("select count(*) from budget_signals where team = :t")
                    .param("t", team)
                    .query(Integer.class)
                    .single(),
            n -> n == 1);
    JsonNode denied =
        answer(admit("training-service", team, deployment(unique("g"), false, false)));
    assertThat(denied.get("allowed").asBoolean()).isFalse();
    assertThat(denied.get("reasons").toString())
        .contains("budget hard limit reached, deployment refused");
  }

  @Test
  void rejectsBadRequestsAndCallersWithoutTheRole() throws Exception {
    String group = unique("churn");
    admit("demo-viewer", null, deployment(group, false, false)).andExpect(status().isForbidden());
    Map<String, Object> noEndpoint = deployment(group, false, false);
    noEndpoint.remove("endpoint");
    admit("demo-ml", null, noEndpoint)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("endpoint"));
    Map<String, Object> none = deployment(group, false, false);
    none.put("instanceCount", 0);
    admit("demo-ml", null, none)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("instanceCount"));
    assertThat(decisions(group).get("total").asInt()).isZero();
  }
}
