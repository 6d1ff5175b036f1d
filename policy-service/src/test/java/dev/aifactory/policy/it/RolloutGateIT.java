package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.ChampionComparison;
import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.RolloutStepCompleted;
import dev.aifactory.common.events.WindowEvaluated;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The rollout gate on embedded Kafka: the gateway's rollout events are tracked, the candidate's
 * windows are judged by the rollout-step policy, and the verdict goes out through the outbox.
 */
class RolloutGateIT extends PolicyServiceIntegrationTest {

  static final String TEAM = "demo";
  static final String CANDIDATE = "candidate";
  static final String CHAMPION = "primary";

  record Started(String endpoint, String rolloutId, String group) {}

  /** Starts a two-step canary (10%, 100%) of v2 against v1 and waits until policy tracks it. */
  Started rollout() throws Exception {
    String endpoint = unique("ep");
    String rolloutId = unique("ro");
    String group = unique("churn");
    send(
        new RolloutStarted(
            TEAM,
            endpoint,
            rolloutId,
            group,
            2,
            CANDIDATE,
            1,
            CHAMPION,
            "canary",
            List.of(10, 100),
            60,
            "policy"));
    send(new RolloutStepCompleted(TEAM, endpoint, rolloutId, group, 2, 0, 10, null));
    awaitStep(rolloutId, 0);
    return new Started(endpoint, rolloutId, group);
  }

  void awaitStep(String rolloutId, int step) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql("select step from rollouts where rollout_id = :id")
                    .param("id", rolloutId)
                    .query(Integer.class)
                    .optional()
                    .orElse(-1),
            s -> s == step);
  }

  static WindowEvaluated window(
      Started r, String variant, Instant to, double p99, double errorRate, ChampionComparison vs) {
    return new WindowEvaluated(
        TEAM,
        r.endpoint(),
        variant,
        r.group(),
        CANDIDATE.equals(variant) ? 2 : 1,
        to.minus(1, ChronoUnit.MINUTES),
        to,
        200,
        12.0,
        20.0,
        p99,
        errorRate,
        0.1,
        List.of(),
        null,
        vs);
  }

  static ChampionComparison vs(double p99Ratio, Double agreement) {
    return new ChampionComparison(CHAMPION, 1, 1800, p99Ratio, 0.001, agreement, null, null, null);
  }

  /** A candidate window that passes every check but the comparison with the champion. */
  void sendHealthyCandidateWindow(Started r, int secondsFromNow, ChampionComparison vs)
      throws Exception {
    send(window(r, CANDIDATE, Instant.now().plusSeconds(secondsFromNow), 25.0, 0.0, vs));
  }

  List<JsonNode> advances(Started r) {
    return outboxed(r.endpoint(), "policy.rollout-advance-requested");
  }

  List<JsonNode> aborts(Started r) {
    return outboxed(r.endpoint(), "policy.rollout-abort-requested");
  }

  /** Decisions of the gate on the rollout's model group, read from the table. */
  List<Map<String, Object>> gateDecisions(Started r) {
    return jdbc.sql(
            "select effect, reasons, inputs::text as inputs from decisions where subject = :s"
                + " and attachment_point = 'rollout-step' order by created_at")
        .param("s", r.group())
        .query()
        .listOfRows();
  }

  @Test
  void aHealthyCandidateWindowRequestsTheNextStep() throws Exception {
    Started r = rollout();
    send(window(r, CANDIDATE, Instant.now().plusSeconds(1), 25.0, 0.01, vs(1.1, 0.97)));

    JsonNode advance = await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 1).get(0);
    assertThat(advance.get("rolloutId").asString()).isEqualTo(r.rolloutId());
    assertThat(advance.get("step").asInt()).isZero();
    assertThat(advance.get("team").asString()).isEqualTo(TEAM);
    assertThat(advance.get("reasons").get(0).asString())
        .startsWith("rollout-step-default v4: allow");
    assertThat(gateDecisions(r)).hasSize(1);
    assertThat(gateDecisions(r).get(0).get("effect")).isEqualTo("allow");
    assertThat(outboxed(r.group(), "policy.decision-recorded")).hasSize(1);
    assertThat(aborts(r)).isEmpty();
    JsonNode tracked =
        getJson("/api/v1/rollouts", "demo-ml")
            .valueStream()
            .filter(t -> t.get("rolloutId").asString().equals(r.rolloutId()))
            .findFirst()
            .orElseThrow();
    assertThat(tracked.get("advanceRequestedStep").asInt()).isZero();
    assertThat(tracked.get("status").asString()).isEqualTo("active");
    assertThat(
            getJson("/api/v1/rollouts", "other-team")
                .valueStream()
                .noneMatch(t -> t.get("rolloutId").asString().equals(r.rolloutId())))
        .isTrue();
  }

  @Test
  void anErroringCandidateWindowRequestsAnAbort() throws Exception {
    Started r = rollout();
    send(window(r, CANDIDATE, Instant.now().plusSeconds(1), 25.0, 0.2, vs(1.0, null)));

    JsonNode abort = await().atMost(TIMEOUT).until(() -> aborts(r), a -> a.size() == 1).get(0);
    assertThat(abort.get("rolloutId").asString()).isEqualTo(r.rolloutId());
    assertThat(abort.get("reasons").get(0).asString()).contains("deny");
    assertThat(abort.get("reasons").get(1).asString()).contains("error rate 0.2000");
    assertThat(advances(r)).isEmpty();
    assertThat(
            jdbc.sql("select status from rollouts where rollout_id = :id")
                .param("id", r.rolloutId())
                .query(String.class)
                .single())
        .isEqualTo("aborting");
  }

  @Test
  void aCandidateMuchSlowerThanTheChampionRequestsAnAbort() throws Exception {
    Started r = rollout();
    send(window(r, CANDIDATE, Instant.now().plusSeconds(1), 90.0, 0.0, vs(3.0, 0.99)));
    await().atMost(TIMEOUT).until(() -> aborts(r), a -> a.size() == 1);
    assertThat(advances(r)).isEmpty();
  }

  @Test
  void aCandidateWhosePredictionsAreDistributedUnlikeTheChampionsRequestsAnAbort()
      throws Exception {
    Started r = rollout();
    sendHealthyCandidateWindow(
        r, 1, new ChampionComparison(CHAMPION, 1, 1800, 1.0, 0.0, null, 0.12, null, null));
    await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 1);

    sendHealthyCandidateWindow(
        r, 2, new ChampionComparison(CHAMPION, 1, 1800, 1.0, 0.0, null, 1.6, null, null));
    await().atMost(TIMEOUT).until(() -> aborts(r), a -> a.size() == 1);
  }

  @Test
  void aLargePredictionDistanceThatSamplingExplainsDoesNotAbort() throws Exception {
    Started r = rollout();
    // Distance above 0.5, but a two-sample test says windows this small measure that often.
    sendHealthyCandidateWindow(
        r, 1, new ChampionComparison(CHAMPION, 1, 43, 1.0, 0.0, null, 0.52, 0.31, null));
    await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 1);
    JsonNode inputs = json.readTree((String) gateDecisions(r).get(0).get("inputs"));
    assertThat(inputs.get("vs_champion").get("prediction_distance_p_value").asDouble())
        .isEqualTo(0.31);

    // The same distance, significant: the candidate's predictions did move.
    sendHealthyCandidateWindow(
        r, 2, new ChampionComparison(CHAMPION, 1, 1800, 1.0, 0.0, null, 0.52, 0.0001, null));
    await().atMost(TIMEOUT).until(() -> aborts(r), a -> a.size() == 1);
  }

  @Test
  void aHighP99RatioThatSamplingExplainsDoesNotAbortButASignificantOneDoes() throws Exception {
    Started r = rollout();
    // The CI run that rolled back a healthy retrain: a 69-request window whose slowest request made
    // the p99 ratio 3.78, and a distance with p 0.0119 (one window in a hundred looks like that).
    sendHealthyCandidateWindow(
        r, 1, new ChampionComparison(CHAMPION, 1, 200, 3.78, 0.0, null, 0.549, 0.0119, 0.49));
    await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 1);
    JsonNode inputs = json.readTree((String) gateDecisions(r).get(0).get("inputs"));
    assertThat(inputs.get("vs_champion").get("latency_p99_p_value").asDouble()).isEqualTo(0.49);

    // The same ratio when most of the candidate's requests are slower than the champion's p99.
    sendHealthyCandidateWindow(
        r, 2, new ChampionComparison(CHAMPION, 1, 200, 3.78, 0.0, null, 0.1, 0.9, 1e-9));
    await().atMost(TIMEOUT).until(() -> aborts(r), a -> a.size() == 1);
    assertThat(String.valueOf(gateDecisions(r).get(1).get("reasons")))
        .contains("p99 ratio 3.78 (p 0.0000)");
  }

  @Test
  void unmeasuredAgreementIsNotHeldAgainstTheCandidateButLowAgreementIs() throws Exception {
    Started r = rollout();
    send(window(r, CANDIDATE, Instant.now().plusSeconds(1), 25.0, 0.0, vs(1.0, null)));
    await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 1);
    JsonNode inputs = json.readTree((String) gateDecisions(r).get(0).get("inputs"));
    assertThat(inputs.get("vs_champion").has("prediction_agreement")).isFalse();
    assertThat(inputs.get("has_champion_comparison").asBoolean()).isTrue();

    send(window(r, CANDIDATE, Instant.now().plusSeconds(2), 25.0, 0.0, vs(1.0, 0.5)));
    await().atMost(TIMEOUT).until(() -> aborts(r), a -> a.size() == 1);
  }

  @Test
  void ignoresRedeliveredStaleAndChampionWindows() throws Exception {
    Started r = rollout();
    // The champion's own window and a window that ended before the step began decide nothing.
    send(window(r, CHAMPION, Instant.now().plusSeconds(1), 25.0, 0.5, null));
    send(window(r, CANDIDATE, Instant.now().minusSeconds(600), 25.0, 0.5, null));
    WindowEvaluated healthy = window(r, CANDIDATE, Instant.now().plusSeconds(1), 25.0, 0.0, null);
    String id = send(healthy);
    send(healthy, id);
    await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 1);
    // An older window than the one judged arrives late: ignored too.
    send(window(r, CANDIDATE, healthy.windowTo().minusSeconds(30), 25.0, 0.9, null));
    // A later healthy window of the same step records a decision but asks for no second advance.
    send(window(r, CANDIDATE, Instant.now().plusSeconds(2), 25.0, 0.0, null));
    await().atMost(TIMEOUT).until(() -> gateDecisions(r), d -> d.size() == 2);
    assertThat(gateDecisions(r)).extracting(d -> d.get("effect")).containsOnly("allow");
    assertThat(advances(r)).hasSize(1);
    assertThat(aborts(r)).isEmpty();

    // The next step gets its own advance.
    send(new RolloutStepCompleted(TEAM, r.endpoint(), r.rolloutId(), r.group(), 2, 1, 100, null));
    awaitStep(r.rolloutId(), 1);
    send(window(r, CANDIDATE, Instant.now().plusSeconds(3), 25.0, 0.0, null));
    await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 2);
    assertThat(advances(r).get(1).get("step").asInt()).isEqualTo(1);
  }

  @Test
  void aRolledBackRolloutIsNoLongerJudged() throws Exception {
    Started r = rollout();
    send(
        new RolledBack(
            TEAM, r.endpoint(), r.rolloutId(), r.group(), 2, 1, "operator", null, "demo-ml"));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql("select status from rollouts where rollout_id = :id")
                    .param("id", r.rolloutId())
                    .query(String.class)
                    .single(),
            "rolled-back"::equals);
    send(window(r, CANDIDATE, Instant.now().plusSeconds(1), 25.0, 0.0, null));
    // A marker rollout started afterwards on the same partition shows the window was consumed.
    Started marker = rollout();
    send(window(marker, CANDIDATE, Instant.now().plusSeconds(1), 25.0, 0.0, null));
    await().atMost(TIMEOUT).until(() -> advances(marker), a -> a.size() == 1);
    assertThat(gateDecisions(r)).isEmpty();
  }

  @Test
  void aTeamRolloutPolicyInWarnModeLetsABadWindowAdvance() throws Exception {
    Started r = rollout();
    Map<String, Object> policy =
        Map.of(
            "attachmentPoint", "rollout-step",
            "scope", "model-group:" + r.group(),
            "mode", "warn",
            "expression", "window.error_rate <= 0.01");
    mvc.perform(
            put("/api/v1/policies/" + unique("strict-gate"))
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(policy)))
        .andExpect(status().isCreated());
    send(window(r, CANDIDATE, Instant.now().plusSeconds(1), 25.0, 0.03, null));
    await().atMost(TIMEOUT).until(() -> advances(r), a -> a.size() == 1);
    assertThat(gateDecisions(r).get(0).get("effect")).isEqualTo("warn");
  }

  @Test
  void rejectsARolloutPolicyWithAnUnknownInputAtItsPosition() throws Exception {
    Map<String, Object> policy =
        Map.of(
            "attachmentPoint", "rollout-step",
            "scope", "team:" + unique("t"),
            "expression", "window.error_rate < 0.1 && p99_ratio < 2.0");
    mvc.perform(
            put("/api/v1/policies/" + unique("typo-gate"))
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(policy)))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("expression"))
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("line 1, column 28")));
  }

  @Test
  void dryRunOfTheDefaultGateShowsTheVerdictForAGivenWindow() throws Exception {
    Map<String, Object> input =
        Map.of(
            "window", Map.of("error_rate", 0.0, "drift_share", 0.0, "latency_p99", 20),
            "vs_champion", Map.of("latency_p99_ratio", 2.5),
            "has_champion_comparison", true);
    mvc.perform(
            post("/api/v1/policies/rollout-step-default/dry-run")
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("input", input))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.results[0].evaluated").value("deny"));
  }
}
