package dev.aifactory.policy.it;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The guardrails no service asks policy about yet (dataset registration, data access) can already
 * be written, type-checked and dry-run.
 */
class GuardrailDryRunIT extends PolicyServiceIntegrationTest {

  void putPolicy(String name, Map<String, Object> body) throws Exception {
    mvc.perform(
            put("/api/v1/policies/" + name)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)))
        .andExpect(status().isCreated());
  }

  org.springframework.test.web.servlet.ResultActions dryRun(String name, Map<String, Object> input)
      throws Exception {
    return mvc.perform(
        post("/api/v1/policies/" + name + "/dry-run")
            .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(Map.of("input", input))));
  }

  @Test
  void aDataAccessRuleKeepingPiiInItsTeamCanBeDryRun() throws Exception {
    String name = unique("pii-stays-home");
    putPolicy(
        name,
        Map.of(
            "attachmentPoint", "data-access",
            "scope", "team:" + unique("t"),
            "expression", "!pii || principal_team == dataset_team"));
    dryRun(
            name,
            Map.of(
                "pii",
                true,
                "principal_team",
                "other",
                "dataset_team",
                "demo",
                "tags",
                List.of("pii")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.results[0].evaluated").value("deny"));
    dryRun(name, Map.of("pii", true, "principal_team", "demo", "dataset_team", "demo"))
        .andExpect(jsonPath("$.results[0].evaluated").value("allow"));
  }

  @Test
  void aRegistrationRuleRefusingBreakingSchemaChangesCanBeDryRun() throws Exception {
    String name = unique("no-breaking");
    putPolicy(
        name,
        Map.of(
            "attachmentPoint", "dataset-registration",
            "scope", "team:" + unique("t"),
            "expression", "schema_change != 'BREAKING' || model_group == ''"));
    dryRun(name, Map.of("schema_change", "BREAKING", "model_group", "churn"))
        .andExpect(jsonPath("$.results[0].evaluated").value("deny"));
    dryRun(name, Map.of("schema_change", "COMPATIBLE", "model_group", "churn"))
        .andExpect(jsonPath("$.results[0].evaluated").value("allow"));
  }

  @Test
  void rejectsAnUnknownInputAtTheNewPointsWithItsPosition() throws Exception {
    mvc.perform(
            put("/api/v1/policies/" + unique("typo"))
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of(
                            "attachmentPoint", "data-access",
                            "scope", "team:" + unique("t"),
                            "expression", "!pii || principal_teams == dataset_team"))))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("expression"))
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("line 1, column 9")));
  }
}
