package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.BudgetExceeded;
import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.common.events.TrainingRunCompleted;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** Each test uses a team of its own, so budgets never leak into other tests' decisions. */
class BudgetsIT extends PolicyServiceIntegrationTest {

  ResultActions putBudget(String team, String clientId, Map<String, Object> body) throws Exception {
    return mvc.perform(
        put("/api/v1/budgets/" + team)
            .header(HttpHeaders.AUTHORIZATION, bearer(clientId))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body)));
  }

  JsonNode budget(String team) throws Exception {
    return getJson("/api/v1/budgets/" + team, "factory-admin");
  }

  void spent(String team, double cost) throws Exception {
    send(
        new TrainingRunCompleted(
            team, unique("run"), unique("g"), 1, Map.of("auc", 0.8), 1000, cost, "manual"));
  }

  void awaitSpend(String team, double total) {
    await()
        .atMost(TIMEOUT)
        .until(() -> budget(team).get("spentUsd").asDouble(), s -> Math.abs(s - total) < 1e-9);
  }

  static DatasetVersionRegistered dataset(String team, String group) {
    return new DatasetVersionRegistered(
        team,
        unique("ds"),
        "customers",
        1,
        "file:///tmp/aifactory/datasets/" + group + "/v1/data.csv",
        "csv",
        "sha256:1",
        List.of(new ColumnSchema("age", ColumnSchema.NUMERIC)),
        100,
        "PASSED",
        List.of(),
        List.of(),
        new TrainingBinding(group, "churned", "binary", true));
  }

  /** The team's only decision on the group, read from the table (callers see their own team). */
  Map<String, Object> awaitDecision(String team, String group) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql(
                        "select effect, reasons, inputs::text as inputs from decisions"
                            + " where team = :team and subject = :group")
                    .param("team", team)
                    .param("group", group)
                    .query()
                    .listOfRows(),
            rows -> rows.size() == 1)
        .get(0);
  }

  @Test
  void setsABudgetAndShowsThisMonthsSpend() throws Exception {
    String team = unique("team");
    putBudget(team, "factory-admin", Map.of("monthlyLimitUsd", 100.0, "softLimitRatio", 0.5))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.state").value("ok"))
        .andExpect(jsonPath("$.softLimitUsd").value(50.0))
        .andExpect(jsonPath("$.spentUsd").value(0.0));
    spent(team, 12.5);
    spent(team, 7.5);
    awaitSpend(team, 20.0);
    putBudget(team, "factory-admin", Map.of("monthlyLimitUsd", 30.0))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.softLimitUsd").value(24.0))
        .andExpect(jsonPath("$.state").value("ok"));
    assertThat(
            getJson("/api/v1/audit-events?subject=" + team, "factory-admin").get("total").asInt())
        .isEqualTo(2);
  }

  @Test
  void refusesTrainingOverTheHardLimitWithAClearReason() throws Exception {
    String team = unique("team");
    String group = unique("churn");
    putBudget(team, "factory-admin", Map.of("monthlyLimitUsd", 100.0))
        .andExpect(status().isCreated());
    spent(team, 120.0);
    awaitSpend(team, 120.0);
    assertThat(budget(team).get("state").asString()).isEqualTo("hard");

    send(dataset(team, group));
    Map<String, Object> decision = awaitDecision(team, group);
    assertThat(decision.get("effect")).isEqualTo("deny");
    assertThat((String) decision.get("reasons"))
        .contains("budget hard limit reached, training refused")
        .contains("spent 120.00 USD of its 100.00 USD monthly budget");
    assertThat(json.readTree((String) decision.get("inputs")).get("budget").get("state").asString())
        .isEqualTo("hard");
    assertThat(outboxed(group, "training.run-requested")).isEmpty();
  }

  @Test
  void allowsTrainingOverTheSoftLimitAsAWarnDecision() throws Exception {
    String team = unique("team");
    String group = unique("churn");
    putBudget(team, "factory-admin", Map.of("monthlyLimitUsd", 100.0, "softLimitRatio", 0.5))
        .andExpect(status().isCreated());
    spent(team, 60.0);
    awaitSpend(team, 60.0);

    send(dataset(team, group));
    Map<String, Object> decision = awaitDecision(team, group);
    assertThat(decision.get("effect")).isEqualTo("warn");
    assertThat((String) decision.get("reasons")).contains("budget soft limit reached");
    await().atMost(TIMEOUT).until(() -> outboxed(group, "training.run-requested").size() == 1);
  }

  @Test
  void countsMonitoringsBudgetExceededReport() throws Exception {
    String team = unique("team");
    putBudget(team, "factory-admin", Map.of("monthlyLimitUsd", 1000.0))
        .andExpect(status().isCreated());
    send(new BudgetExceeded(team, "b-1", "2026-11", 1200.0, 1000.0, true));
    JsonNode status =
        await()
            .atMost(TIMEOUT)
            .until(() -> budget(team), b -> b.get("state").asString().equals("hard"));
    assertThat(status.get("reason").asString()).contains("monitoring reported");
  }

  @Test
  void rejectsBadBudgetsWithoutStoringAnything() throws Exception {
    String team = unique("team");
    putBudget(team, "demo-ml", Map.of("monthlyLimitUsd", 100.0))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    putBudget(team, "factory-admin", Map.of("monthlyLimitUsd", -5.0))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("monthlyLimitUsd"));
    Map<String, Object> ratio = new HashMap<>();
    ratio.put("monthlyLimitUsd", 100.0);
    ratio.put("softLimitRatio", 1.5);
    putBudget(team, "factory-admin", ratio)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("softLimitRatio"));
    assertThat(
            jdbc.sql("select count(*) from budgets where team = :t")
                .param("t", team)
                .query(Integer.class)
                .single())
        .isZero();
    mvc.perform(get("/api/v1/budgets/" + team).header(HttpHeaders.AUTHORIZATION, bearer("demo-ml")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void hidesOtherTeamsBudgets() throws Exception {
    putBudget("other", "factory-admin", Map.of("monthlyLimitUsd", 1.0e9))
        .andExpect(status().is2xxSuccessful());
    mvc.perform(get("/api/v1/budgets/other").header(HttpHeaders.AUTHORIZATION, bearer("demo-ml")))
        .andExpect(status().isNotFound());
    assertThat(getJson("/api/v1/budgets/other", "other-team").get("team").asString())
        .isEqualTo("other");
  }
}
