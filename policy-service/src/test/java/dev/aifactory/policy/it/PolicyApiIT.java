package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.testing.PagingProbe;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class PolicyApiIT extends PolicyServiceIntegrationTest {

  static final String DRIFT_EXPRESSION =
      "drift_share >= 0.5 && minutes_since_last_drift_run >= cooldown_minutes";

  int versionCount(String name) {
    return jdbc.sql("select count(*) from policies where name = :name")
        .param("name", name)
        .query(Integer.class)
        .single();
  }

  String change(String expression, String description) {
    return json.writeValueAsString(Map.of("expression", expression, "description", description));
  }

  @Test
  void refusesAPageOrPageSizeOutOfRangeOnEveryListNamingIt() throws Exception {
    for (String list :
        List.of(
            "/api/v1/decisions",
            "/api/v1/audit-events",
            "/api/v1/approvals",
            "/api/v1/webhooks",
            "/api/v1/dead-letters")) {
      PagingProbe.refusesOutOfRangePaging(mvc, list, bearer("factory-admin"));
    }
  }

  @Test
  void listsTheSeededPolicies() throws Exception {
    JsonNode list = getJson("/api/v1/policies", "demo-viewer");
    assertThat(list.get("items").valueStream().map(p -> p.get("name").asString()))
        .contains("training-on-new-data", "promotion-default", "retraining-on-drift");
    assertThat(list.get("total").asInt()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void showsThePolicyWithItsVersions() throws Exception {
    JsonNode policy = getJson("/api/v1/policies/promotion-default", "demo-viewer");
    assertThat(policy.get("current").get("attachmentPoint").asString()).isEqualTo("promotion");
    assertThat(policy.get("current").get("expression").asString()).contains("candidate.auc");
    assertThat(policy.get("versions").size()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void rejectsAChangeThatDoesNotCompileWithTheCelErrorAndPosition() throws Exception {
    int before = versionCount("promotion-default");
    mvc.perform(
            put("/api/v1/policies/promotion-default")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(change("candidate.auc >= champion.auc - && true", "broken")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("expression"))
        .andExpect(
            jsonPath("$.errors[0].message").value(Matchers.containsString("line 1, column")));
    assertThat(versionCount("promotion-default")).isEqualTo(before);
  }

  @Test
  void rejectsAnUndeclaredInput() throws Exception {
    int before = versionCount("retraining-on-drift");
    mvc.perform(
            put("/api/v1/policies/retraining-on-drift")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(change("drift_share >= 0.5 && budget_left > 0", "broken")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("expression"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(Matchers.containsString("undeclared reference to 'budget_left'")));
    assertThat(versionCount("retraining-on-drift")).isEqualTo(before);
  }

  @Test
  void letsOnlyAdminsChangePolicies() throws Exception {
    int before = versionCount("retraining-on-drift");
    mvc.perform(
            put("/api/v1/policies/retraining-on-drift")
                .header(HttpHeaders.AUTHORIZATION, bearer("demo-ml"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(change("false", "nope")))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(versionCount("retraining-on-drift")).isEqualTo(before);
  }

  @Test
  void storesAChangeAsANewAuditedVersion() throws Exception {
    int before = versionCount("retraining-on-drift");
    String description = unique("same rule, reworded");
    // The same expression, so the loop tests running against this database keep their semantics.
    mvc.perform(
            put("/api/v1/policies/retraining-on-drift")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(change(DRIFT_EXPRESSION, description)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(before + 1))
        .andExpect(jsonPath("$.createdBy").value("factory-admin"));

    JsonNode policy = getJson("/api/v1/policies/retraining-on-drift", "demo-viewer");
    assertThat(policy.get("current").get("version").asInt()).isEqualTo(before + 1);
    assertThat(policy.get("current").get("description").asString()).isEqualTo(description);

    JsonNode audit =
        getJson(
            "/api/v1/audit-events?subject=retraining-on-drift&action=policy.updated",
            "factory-admin");
    JsonNode newest = audit.get("items").get(0);
    assertThat(newest.get("actor").asString()).isEqualTo("factory-admin");
    assertThat(newest.get("details").get("version").asInt()).isEqualTo(before + 1);
    assertThat(newest.get("details").get("description").asString()).isEqualTo(description);
  }

  @Test
  void answersNotFoundForUnknownPolicies() throws Exception {
    mvc.perform(
            get("/api/v1/policies/no-such-policy")
                .header(HttpHeaders.AUTHORIZATION, bearer("demo-viewer")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
