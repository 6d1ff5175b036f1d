package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

class PolicyScopesIT extends PolicyServiceIntegrationTest {

  int versionCount(String name) {
    return jdbc.sql("select count(*) from policies where name = :name")
        .param("name", name)
        .query(Integer.class)
        .single();
  }

  ResultActions putPolicy(String name, Map<String, Object> body) throws Exception {
    return mvc.perform(
        put("/api/v1/policies/" + name)
            .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body)));
  }

  static Map<String, Object> promotionPolicy(String group, String mode, String expression) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attachmentPoint", "promotion");
    body.put("scope", "model-group:" + group);
    body.put("mode", mode);
    body.put("expression", expression);
    body.put("description", "strict gate for " + group);
    return body;
  }

  ResultActions dryRun(String name, String query, Map<String, Object> body) throws Exception {
    return mvc.perform(
        post("/api/v1/policies/" + name + "/dry-run" + query)
            .header(HttpHeaders.AUTHORIZATION, bearer("demo-ml"))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body)));
  }

  JsonNode onlyDecision(String group) {
    return awaitDecisions(group, 1).get("items").get(0);
  }

  @Test
  void aModelGroupPolicyOverridesTheGlobalOneForItsGroupOnly() throws Exception {
    String group = unique("churn");
    String name = unique("strict");
    putPolicy(name, promotionPolicy(group, "enforce", "candidate.auc >= 0.99"))
        .andExpect(status().isCreated())
        .andExpect(header().string(HttpHeaders.LOCATION, "/api/v1/policies/" + name))
        .andExpect(jsonPath("$.version").value(1))
        .andExpect(jsonPath("$.scope").value("model-group:" + group))
        .andExpect(jsonPath("$.mode").value("enforce"));

    send(LoopIT.model(group, 1, 0.9));
    JsonNode strict = onlyDecision(group);
    assertThat(strict.get("policy").asString()).isEqualTo(name);
    assertThat(strict.get("effect").asString()).isEqualTo("deny");
    await().atMost(TIMEOUT).until(() -> outboxed(group, "model.version-rejected").size() == 1);

    String other = unique("churn");
    send(LoopIT.model(other, 1, 0.9));
    JsonNode global = onlyDecision(other);
    assertThat(global.get("policy").asString()).isEqualTo("promotion-default");
    assertThat(global.get("effect").asString()).isEqualTo("allow");
  }

  @Test
  void warnModeAllowsAWouldBeDenyAsAWarnDecision() throws Exception {
    String group = unique("churn");
    putPolicy(unique("warned"), promotionPolicy(group, "warn", "candidate.auc >= 0.99"))
        .andExpect(status().isCreated());
    send(LoopIT.model(group, 1, 0.9));
    JsonNode decision = onlyDecision(group);
    assertThat(decision.get("effect").asString()).isEqualTo("warn");
    assertThat(decision.get("mode").asString()).isEqualTo("warn");
    assertThat(decision.get("evaluated").asString()).isEqualTo("deny");
    assertThat(decision.get("reasons").get(0).asString()).contains("would deny");
    await().atMost(TIMEOUT).until(() -> outboxed(group, "model.version-approved").size() == 1);
  }

  @Test
  void auditModeAllowsAndRecordsTheWouldBeOutcome() throws Exception {
    String group = unique("churn");
    putPolicy(unique("audited"), promotionPolicy(group, "audit", "candidate.auc >= 0.99"))
        .andExpect(status().isCreated());
    send(LoopIT.model(group, 1, 0.9));
    JsonNode decision = onlyDecision(group);
    assertThat(decision.get("effect").asString()).isEqualTo("allow");
    assertThat(decision.get("evaluated").asString()).isEqualTo("deny");
    await().atMost(TIMEOUT).until(() -> outboxed(group, "model.version-approved").size() == 1);
  }

  @Test
  void anEnforcedPolicyThatFailsAtRuntimeDeniesAndRecordsTheError() throws Exception {
    String group = unique("churn");
    // Compiles (metrics are a map) but the candidate has no precision metric.
    putPolicy(unique("failing"), promotionPolicy(group, "enforce", "candidate.precision >= 0.5"))
        .andExpect(status().isCreated());
    send(LoopIT.model(group, 1, 0.9));
    JsonNode decision = onlyDecision(group);
    assertThat(decision.get("effect").asString()).isEqualTo("deny");
    assertThat(decision.get("evaluated").asString()).isEqualTo("error");
    assertThat(decision.get("reasons").get(0).asString())
        .contains("evaluation failed")
        .contains("precision");
    await().atMost(TIMEOUT).until(() -> outboxed(group, "model.version-rejected").size() == 1);
  }

  @Test
  void rejectsAnUnknownScopeModeOrAttachmentPointWithoutCreatingAnything() throws Exception {
    String name = unique("bad");
    Map<String, Object> body = promotionPolicy("g", "enforce", "true");
    body.put("scope", "planet:mars");
    putPolicy(name, body)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("scope"));
    body = promotionPolicy("g", "loud", "true");
    putPolicy(name, body)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("mode"));
    body = promotionPolicy("g", "enforce", "true");
    body.put("attachmentPoint", "lunch");
    putPolicy(name, body)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("attachmentPoint"));
    assertThat(versionCount(name)).isZero();
  }

  @Test
  void rejectsANewPolicyReferencingAnUnknownInputWithItsPosition() throws Exception {
    String name = unique("bad");
    putPolicy(name, promotionPolicy("g", "enforce", "candidate.auc > 0.5 &&\n  drift_share > 1"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("expression"))
        .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("line 2")))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(Matchers.containsString("undeclared reference to 'drift_share'")));
    assertThat(versionCount(name)).isZero();
  }

  @Test
  void refusesASecondPolicyForTheSameAttachmentPointAndScope() throws Exception {
    String group = unique("churn");
    putPolicy(unique("first"), promotionPolicy(group, "enforce", "true"))
        .andExpect(status().isCreated());
    String second = unique("second");
    putPolicy(second, promotionPolicy(group, "enforce", "false"))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(versionCount(second)).isZero();
  }

  @Test
  void dryRunsACandidateAgainstAGivenInput() throws Exception {
    Map<String, Object> input =
        Map.of(
            "drift_share", 1,
            "drifted_features", java.util.List.of("age"),
            "minutes_since_last_drift_run", 3,
            "cooldown_minutes", 10);
    dryRun("retraining-on-drift", "", Map.of("input", input))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.candidate").value(false))
        .andExpect(jsonPath("$.results[0].wouldDecide").value("deny"));
    dryRun("retraining-on-drift", "", Map.of("expression", "drift_share >= 0.5", "input", input))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.candidate").value(true))
        .andExpect(jsonPath("$.results[0].wouldDecide").value("allow"))
        .andExpect(jsonPath("$.results[0].evaluated").value("allow"));
  }

  @Test
  void dryRunsACandidateOverTheLastRecordedDecisions() throws Exception {
    String group = unique("churn");
    String name = unique("strict");
    putPolicy(name, promotionPolicy(group, "enforce", "candidate.auc >= 0.99"))
        .andExpect(status().isCreated());
    send(LoopIT.model(group, 1, 0.9));
    send(LoopIT.model(group, 2, 0.995));
    awaitDecisions(group, 2);

    dryRun(name, "?last=20", Map.of("expression", "candidate.auc >= 0.5"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.evaluatedCount").value(2))
        .andExpect(jsonPath("$.changedCount").value(1))
        .andExpect(jsonPath("$.results[1].decided").value("deny"))
        .andExpect(jsonPath("$.results[1].wouldDecide").value("allow"))
        .andExpect(jsonPath("$.results[1].changed").value(true))
        .andExpect(jsonPath("$.results[0].changed").value(false));
  }

  @Test
  void rejectsADryRunOfAnExpressionThatDoesNotCompile() throws Exception {
    dryRun("promotion-default", "", Map.of("expression", "candidate.auc >= "))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("expression"))
        .andExpect(
            jsonPath("$.errors[0].message").value(Matchers.containsString("line 1, column")));
    dryRun("promotion-default", "?last=0", Map.of())
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("last"));
    dryRun("no-such-policy", "", Map.of())
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
