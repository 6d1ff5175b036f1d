package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.QualityDegraded;
import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.events.TrainingRunFailed;
import dev.aifactory.common.events.TrainingRunRejected;
import dev.aifactory.common.events.TrainingRunRequested;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** The loop of a model group as a persisted state machine, driven by the platform's events. */
class LoopStateIT extends PolicyServiceIntegrationTest {

  static final String TEAM = LoopIT.TEAM;

  static TrainingRunRequested requested(String group, String trigger) {
    return new TrainingRunRequested(
        TEAM,
        unique("req"),
        group,
        "ds",
        1,
        "file:///tmp/ds.csv",
        List.of(),
        "churned",
        "binary",
        Map.of(),
        trigger,
        "test",
        "ci",
        null);
  }

  String state(String group) {
    return jdbc.sql("select state from loop_states where team = :t and model_group = :g")
        .param("t", TEAM)
        .param("g", group)
        .query(String.class)
        .optional()
        .orElse("none");
  }

  void awaitState(String group, String state) {
    await().atMost(TIMEOUT).until(() -> state(group), state::equals);
  }

  /** The published transitions of the group, oldest first, as "from>to". */
  List<String> transitions(String group) {
    return outboxed(group, "policy.loop-state-changed").stream()
        .map(e -> e.get("from").asString() + ">" + e.get("to").asString())
        .toList();
  }

  @Test
  void followsARunFromRequestToPromotionThenCoolsDownToIdle() throws Exception {
    String group = unique("churn");
    send(requested(group, "ci"));
    awaitState(group, "retraining");
    send(new TrainingRunCompleted(TEAM, "run-1", group, 1, Map.of("auc", 0.8), 1000, 0.1, "ci"));
    awaitState(group, "evaluating");
    // The promotion gate approves (no champion, auc 0.81); its own approval event promotes.
    send(LoopIT.model(group, 1, 0.81));
    await().atMost(TIMEOUT).until(() -> transitions(group), t -> t.contains("cooling-down>idle"));
    assertThat(transitions(group))
        .containsExactly(
            "idle>retraining",
            "retraining>evaluating",
            "evaluating>promoted",
            "promoted>cooling-down",
            "cooling-down>idle");
    JsonNode promoted = outboxed(group, "policy.loop-state-changed").get(2);
    assertThat(promoted.get("decisionId").asString()).isNotBlank();
    assertThat(promoted.get("reason").asString()).isEqualTo("v1 approved");

    JsonNode audit = getJson("/api/v1/audit-events?subject=" + group + "&size=50", "demo-ml");
    assertThat(
            audit
                .get("items")
                .valueStream()
                .filter(a -> a.get("action").asString().equals("loop.state-changed"))
                .count())
        .isEqualTo(5);
    JsonNode loop = getJson("/api/v1/loops/" + group, "demo-ml");
    assertThat(loop.get("state").asString()).isEqualTo("idle");
    assertThat(loop.get("reason").asString()).isEqualTo("cooldown over");
    assertThat(
            getJson("/api/v1/loops", "demo-ml")
                .valueStream()
                .map(l -> l.get("modelGroup").asString()))
        .contains(group);
  }

  @Test
  void aDriftStormWhileRetrainingRequestsNoSecondRun() throws Exception {
    String group = unique("churn");
    String datasetId = unique("ds");
    send(LoopIT.dataset(datasetId, 1, group, false, "PASSED"));
    awaitDecisions(group, 1);
    send(requested(group, "manual"));
    awaitState(group, "retraining");

    send(LoopIT.drift(group, 0.9));
    send(LoopIT.drift(group, 0.8));
    send(LoopIT.drift(group, 0.95));
    JsonNode decisions = awaitDecisions(group, 4);
    List<JsonNode> drift =
        decisions
            .get("items")
            .valueStream()
            .filter(d -> d.get("attachmentPoint").asString().equals("retraining-drift"))
            .toList();
    assertThat(drift).hasSize(3);
    assertThat(drift).allSatisfy(d -> assertThat(d.get("effect").asString()).isEqualTo("deny"));
    assertThat(drift.get(0).get("reasons").toString()).contains("loop is retraining");
    assertThat(drift.get(0).get("inputs").get("loop_state").asString()).isEqualTo("retraining");
    assertThat(outboxed(group, "training.run-requested")).isEmpty();
  }

  @Test
  void aFailedRunCoolsDownAndARolledBackRolloutIsRecorded() throws Exception {
    String group = unique("churn");
    send(requested(group, "drift"));
    awaitState(group, "retraining");
    send(new TrainingRunFailed(TEAM, "run-x", group, "out of memory", 10, "drift"));
    await()
        .atMost(TIMEOUT)
        .until(() -> transitions(group), t -> t.contains("retraining>cooling-down"));

    String endpoint = unique("ep");
    send(
        new RolloutStarted(
            TEAM,
            endpoint,
            "ro-" + group,
            group,
            2,
            "candidate",
            1,
            "primary",
            "canary",
            List.of(10, 100),
            60,
            "policy"));
    awaitState(group, "rolling-out");
    send(new RolledBack(TEAM, endpoint, "ro-" + group, group, 2, 1, "too slow", null, "policy"));
    await()
        .atMost(TIMEOUT)
        .until(() -> transitions(group), t -> t.contains("rolled-back>cooling-down"));
    assertThat(transitions(group)).contains("rolling-out>rolled-back");
  }

  @Test
  void aRunRejectedAtAdmissionCoolsDownNamingTheReasons() throws Exception {
    String group = unique("churn");
    send(requested(group, "drift"));
    awaitState(group, "retraining");
    send(
        new TrainingRunRejected(
            TEAM,
            "run-r",
            group,
            List.of("team growth's training budget is exhausted"),
            "dec-1",
            12,
            "drift"));

    awaitState(group, "cooling-down");
    JsonNode change =
        outboxed(group, "policy.loop-state-changed").stream()
            .filter(e -> e.get("to").asString().equals("cooling-down"))
            .findFirst()
            .orElseThrow();
    assertThat(change.get("from").asString()).isEqualTo("retraining");
    assertThat(change.get("reason").asString())
        .contains("run-r")
        .contains("rejected at admission")
        .contains("training budget is exhausted");
  }

  @Test
  void resumesACooldownLeftByAnEarlierInstance() {
    String group = unique("churn");
    // As a stopped instance left it: cooling down, cooldown over while nobody ran.
    jdbc.sql(
            "insert into loop_states (team, model_group, state, since, reason, cooldown_until)"
                + " values (:t, :g, 'cooling-down', :since, 'before restart', :until)")
        .param("t", TEAM)
        .param("g", group)
        .param("since", Timestamp.from(Instant.now().minusSeconds(3600)))
        .param("until", Timestamp.from(Instant.now().minusSeconds(60)))
        .update();
    awaitState(group, "idle");
    assertThat(transitions(group)).containsExactly("cooling-down>idle");
  }

  @Test
  void hidesOtherTeamsLoopsAndUnknownGroups() throws Exception {
    String group = unique("churn");
    send(requested(group, "ci"));
    awaitState(group, "retraining");
    mvc.perform(
            get("/api/v1/loops/" + group).header(HttpHeaders.AUTHORIZATION, bearer("other-team")))
        .andExpect(status().isNotFound());
    mvc.perform(
            get("/api/v1/loops/" + unique("nope"))
                .header(HttpHeaders.AUTHORIZATION, bearer("demo-ml")))
        .andExpect(status().isNotFound());
    assertThat(
            getJson("/api/v1/loops", "other-team")
                .valueStream()
                .noneMatch(l -> l.get("modelGroup").asString().equals(group)))
        .isTrue();
  }

  static QualityDegraded degraded(String group) {
    Instant now = Instant.now();
    return new QualityDegraded(
        TEAM, group, 1, group + "-endpoint", "auc", 0.82, 0.64, false, now.minusSeconds(60), now);
  }

  List<JsonNode> retrainingDecisions(String group, int expected) {
    return awaitDecisions(group, expected + 1)
        .get("items")
        .valueStream()
        .filter(d -> d.get("attachmentPoint").asString().equals("retraining"))
        .toList();
  }

  @Test
  void retrainsOnceWhenQualityDegradesAgainAndAgain() throws Exception {
    String group = unique("churn");
    send(LoopIT.dataset(unique("ds"), 1, group, false, "PASSED"));
    awaitDecisions(group, 1);
    send(degraded(group));
    send(degraded(group));
    send(degraded(group));
    List<JsonNode> decisions = retrainingDecisions(group, 3);
    assertThat(decisions).hasSize(3);
    assertThat(decisions.stream().map(d -> d.get("effect").asString()))
        .containsExactlyInAnyOrder("allow", "deny", "deny");
    List<JsonNode> requests = outboxed(group, "training.run-requested");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).get("trigger").asString()).isEqualTo("quality");
    assertThat(requests.get(0).get("reason").asString()).contains("auc of v1").contains("0.6400");
    awaitState(group, "retraining");
  }

  @Test
  void refusesRetrainingPastTheDailyMaximum() throws Exception {
    String group = unique("churn");
    Map<String, Object> policy =
        Map.of(
            "attachmentPoint", "retraining",
            "scope", "model-group:" + group,
            "expression", "runs_today < max_per_day");
    mvc.perform(
            org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                    "/api/v1/policies/" + unique("per-day"))
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(policy)))
        .andExpect(status().isCreated());
    send(LoopIT.dataset(unique("ds"), 1, group, false, "PASSED"));
    awaitDecisions(group, 1);
    for (int i = 0; i < 10; i++) {
      jdbc.sql(
              "insert into training_requests (request_id, team, model_group, trigger)"
                  + " values (:id, :t, :g, 'ci')")
          .param("id", unique("req"))
          .param("t", TEAM)
          .param("g", group)
          .update();
    }
    send(degraded(group));
    JsonNode decision = retrainingDecisions(group, 1).get(0);
    assertThat(decision.get("effect").asString()).isEqualTo("deny");
    assertThat(decision.get("reasons").toString()).contains("10 run(s) requested today (max 10)");
    assertThat(outboxed(group, "training.run-requested")).isEmpty();
  }

  @Test
  void aScheduleRetrainsItsGroupOncePerPeriod() throws Exception {
    String group = "nightly-churn";
    Instant start = Instant.now();
    String datasetId = unique("ds");
    send(LoopIT.dataset(datasetId, 1, group, false, "PASSED"));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql("select dataset_id from model_groups where team = :t and model_group = :g")
                    .param("t", TEAM)
                    .param("g", group)
                    .query(String.class)
                    .optional()
                    .orElse(""),
            datasetId::equals);
    // As if this group had never run: earlier test runs left its history behind.
    for (String table : List.of("training_requests", "loop_states", "loop_schedule_attempts")) {
      jdbc.sql("delete from " + table + " where team = :t and model_group = :g")
          .param("t", TEAM)
          .param("g", group)
          .update();
    }
    Map<String, Object> decision =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    jdbc.sql(
                            "select effect, inputs::text as inputs from decisions"
                                + " where subject = :g and attachment_point = 'retraining'"
                                + " and created_at > :start")
                        .param("g", group)
                        .param("start", Timestamp.from(start))
                        .query()
                        .listOfRows(),
                rows -> rows.size() == 1)
            .get(0);
    assertThat(decision.get("effect")).isEqualTo("allow");
    assertThat(json.readTree((String) decision.get("inputs")).get("trigger").asString())
        .isEqualTo("schedule");
    awaitState(group, "retraining");
    // Once per period: later ticks leave it at one decision and one request.
    await()
        .during(java.time.Duration.ofSeconds(1))
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql(
                        "select count(*) from outbox where message_key = :g and created_at > :start"
                            + " and payload like '%\"trigger\":\"schedule\"%'")
                    .param("g", group)
                    .param("start", Timestamp.from(start))
                    .query(Integer.class)
                    .single(),
            n -> n == 1);
  }
}
