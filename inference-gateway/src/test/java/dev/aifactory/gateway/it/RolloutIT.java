package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.Deployment;
import dev.aifactory.common.events.EndpointDeploymentUpdated;
import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutAbortRequested;
import dev.aifactory.common.events.RolloutAdvanceRequested;
import dev.aifactory.common.events.RolloutCompleted;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.RolloutStepCompleted;
import dev.aifactory.common.events.Topics;
import dev.aifactory.gateway.TrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.groups.Tuple;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * Rollout plans: an endpoint serving champion v1 moves to a registered v2 step by step, driven by
 * policy's gate decisions on Kafka (published here as policy does), with pause/resume/abort.
 */
class RolloutIT extends GatewayItSupport {

  @TempDir Path dir;
  private String endpoint;
  private String group;

  /** An endpoint serving champion v1 of its group, with v2 registered but not champion. */
  @BeforeEach
  void endpointServingV1WithV2Registered() throws Exception {
    endpoint = unique("roll");
    group = unique("roll-model");
    createEndpoint(endpoint, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, TrainedModel.train(dir, 5)));
    awaitDeployedVersion(endpoint, 1);
    register(group, 2, TrainedModel.train(dir, 25));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from model_versions where model_group = :g and version = 2")
                        .param("g", group)
                        .query(Integer.class)
                        .single()
                    == 1);
  }

  @Test
  void healthyCanaryAdvancesOnEachGateDecisionAndCompletes() throws Exception {
    JsonNode started = start("canary", List.of(10, 100), 0);
    String id = started.get("id").asString();
    assertThat(started.get("state").asString()).isEqualTo("running");
    assertThat(started.get("candidateWeight").asInt()).isEqualTo(10);
    assertThat(weights())
        .containsExactlyInAnyOrderEntriesOf(Map.of("primary", 0.9, "candidate", 0.1));

    advance(id, 0, "decision-1");
    awaitRollout(id, r -> r.get("currentStep").asInt() == 1);
    assertThat(weights())
        .containsExactlyInAnyOrderEntriesOf(Map.of("primary", 0.0, "candidate", 1.0));

    String last = advance(id, 1, "decision-2");
    JsonNode done = awaitRollout(id, r -> r.get("state").asString().equals("completed"));
    assertThat(done.get("candidateWeight").asInt()).isEqualTo(100);
    awaitDeployedVersion(endpoint, 2);
    assertThat(weights()).containsExactlyEntriesOf(Map.of("primary", 1.0));
    assertThat(historyKinds(done))
        .containsSubsequence("started", "step", "advance-requested", "step", "completed");
    assertThat(done.findValuesAsString("decisionId")).contains("decision-1", "decision-2");

    // A redelivered decision and a stale one change nothing.
    publish(
        last,
        new RolloutAdvanceRequested(TEAM, endpoint, id, 1, "decision-2", List.of()),
        "/policy-service");
    advance(id, 0, "decision-old");
    JsonNode after = awaitRollout(id, r -> historyKinds(r).contains("ignored-advance"));
    assertThat(after.get("state").asString()).isEqualTo("completed");
    assertThat(historyKinds(after).stream().filter("completed"::equals)).hasSize(1);

    List<ConsumerRecord<String, String>> events =
        consume(
            Topics.ENDPOINTS,
            endpoint,
            found -> types(found).contains("dev.aifactory.endpoint.rollout-completed.v1"));
    assertThat(types(events))
        .containsSubsequence(
            "dev.aifactory.endpoint.rollout-started.v1",
            "dev.aifactory.endpoint.rollout-step-completed.v1",
            "dev.aifactory.endpoint.deployment-updated.v1",
            "dev.aifactory.endpoint.rollout-step-completed.v1",
            "dev.aifactory.endpoint.deployment-updated.v1",
            "dev.aifactory.endpoint.rollout-completed.v1");
    RolloutStarted startedEvent = payload(events, "rollout-started", RolloutStarted.class);
    assertThat(startedEvent.rolloutId()).isEqualTo(id);
    assertThat(startedEvent.championVersion()).isEqualTo(1);
    assertThat(startedEvent.candidateVersion()).isEqualTo(2);
    assertThat(startedEvent.steps()).containsExactly(10, 100);
    assertThat(
            events.stream()
                .filter(r -> ceHeader(r, "ce_type").endsWith("rollout-step-completed.v1"))
                .map(r -> json.readValue(r.value(), RolloutStepCompleted.class))
                .map(e -> e.step() + ":" + e.candidateWeight() + ":" + e.decisionId()))
        .containsExactly("0:10:null", "1:100:decision-1");
    assertThat(payload(events, "rollout-completed", RolloutCompleted.class).candidateVersion())
        .isEqualTo(2);
    EndpointDeploymentUpdated firstSplit =
        events.stream()
            .filter(r -> ceHeader(r, "ce_type").endsWith("deployment-updated.v1"))
            .map(r -> json.readValue(r.value(), EndpointDeploymentUpdated.class))
            .filter(e -> id.equals(e.rolloutId()))
            .findFirst()
            .orElseThrow();
    assertThat(firstSplit.deployments())
        .extracting(Deployment::variant, Deployment::version, Deployment::weight)
        .containsExactlyInAnyOrder(
            Tuple.tuple("primary", 1, 0.9), Tuple.tuple("candidate", 2, 0.1));
  }

  @Test
  void abortFromPolicyRollsTheEndpointBackToTheChampion() throws Exception {
    String id = start("linear", null, 0).get("id").asString();
    publish(
        UUID.randomUUID().toString(),
        new RolloutAbortRequested(
            TEAM, endpoint, id, 0, "decision-bad", List.of("latency p99 ratio 2.3 > 1.5")),
        "/policy-service");

    JsonNode rolledBack = awaitRollout(id, r -> r.get("state").asString().equals("rolled-back"));
    assertThat(rolledBack.get("reason").asString()).contains("latency p99 ratio 2.3 > 1.5");
    assertThat(weights()).containsExactlyEntriesOf(Map.of("primary", 1.0));
    assertThat(routedVersion(endpoint)).isEqualTo(1);

    List<ConsumerRecord<String, String>> events =
        consume(
            Topics.ENDPOINTS,
            endpoint,
            found -> types(found).contains("dev.aifactory.endpoint.rolled-back.v1"));
    RolledBack event = payload(events, "rolled-back", RolledBack.class);
    assertThat(event.decisionId()).isEqualTo("decision-bad");
    assertThat(event.championVersion()).isEqualTo(1);
    assertThat(event.candidateVersion()).isEqualTo(2);
  }

  @Test
  void pausedRolloutDoesNotAdvanceUntilResumed() throws Exception {
    String id = start("canary", null, 0).get("id").asString();
    action(id, "pause").andExpect(status().isOk()).andExpect(jsonPath("$.state").value("paused"));

    advance(id, 0, "decision-while-paused");
    JsonNode paused = awaitRollout(id, r -> historyKinds(r).contains("advance-requested"));
    assertThat(paused.get("state").asString()).isEqualTo("paused");
    assertThat(paused.get("currentStep").asInt()).isZero();
    assertThat(paused.get("advanceRequested").asBoolean()).isTrue();
    assertThat(weights()).containsEntry("candidate", 0.1);

    action(id, "resume").andExpect(status().isOk());
    JsonNode resumed = awaitRollout(id, r -> r.get("currentStep").asInt() == 1);
    assertThat(resumed.get("state").asString()).isEqualTo("running");
    assertThat(weights()).containsEntry("candidate", 1.0);
  }

  @Test
  void decisionArrivingBeforeTheBakeTimeIsOverIsAppliedOnceTheStepHasBaked() throws Exception {
    JsonNode started = start("canary", List.of(20, 100), 2);
    String id = started.get("id").asString();
    Instant bakeEnds = Instant.parse(started.get("bakeEndsAt").asString());

    advance(id, 0, "early-decision");
    JsonNode stepped = awaitRollout(id, r -> r.get("currentStep").asInt() == 1);
    JsonNode step1 = null;
    for (JsonNode h : stepped.get("history")) {
      if (h.get("kind").asString().equals("step") && h.get("step").asInt() == 1) {
        step1 = h;
      }
    }
    assertThat(step1).isNotNull();
    assertThat(step1.get("decisionId").asString()).isEqualTo("early-decision");
    assertThat(Instant.parse(step1.get("at").asString())).isAfterOrEqualTo(bakeEnds);
  }

  @Test
  void championMoveStartsACanaryWhenTheEndpointAsksForIt() throws Exception {
    mvc.perform(
            put("/api/v1/endpoints/" + endpoint + "/champion-rollout")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"strategy\": \"canary\", \"steps\": [50, 100], \"bakeSeconds\": 0}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.championRollout.strategy").value("canary"))
        .andExpect(jsonPath("$.championRollout.steps[0]").value(50));

    publish(UUID.randomUUID().toString(), champion(group, 2, 1, TrainedModel.train(dir, 25)));

    await().atMost(Duration.ofSeconds(30)).until(() -> weights().size() == 2);
    assertThat(weights())
        .containsExactlyInAnyOrderEntriesOf(Map.of("primary", 0.5, "candidate", 0.5));
    JsonNode page = json.readTree(rollouts().andReturn().getResponse().getContentAsString());
    JsonNode rollout = page.get("items").get(0);
    assertThat(rollout.get("startedBy").asString()).isEqualTo("champion-moved");
    assertThat(rollout.get("candidateVersion").asInt()).isEqualTo(2);
    assertThat(rollout.get("championVersion").asInt()).isEqualTo(1);
  }

  @Test
  void rejectsBadRolloutsNamingTheFieldAndChangesNothing() throws Exception {
    badStart(
        "{\"modelGroup\": \"" + group + "\", \"version\": 9, \"strategy\": \"canary\"}", "version");
    badStart(
        "{\"modelGroup\": \"" + group + "\", \"version\": 1, \"strategy\": \"canary\"}", "version");
    badStart("{\"modelGroup\": \"other\", \"version\": 2, \"strategy\": \"canary\"}", "modelGroup");
    badStart(
        "{\"modelGroup\": \"" + group + "\", \"version\": 2, \"strategy\": \"blue-green\"}",
        "strategy");
    badStart(
        "{\"modelGroup\": \""
            + group
            + "\", \"version\": 2, \"strategy\": \"linear\", \"steps\": [10, 50]}",
        "steps");
    badStart(
        "{\"modelGroup\": \""
            + group
            + "\", \"version\": 2, \"strategy\": \"linear\", \"steps\": [50, 10, 100]}",
        "steps[1]");
    badStart(
        "{\"modelGroup\": \""
            + group
            + "\", \"version\": 2, \"strategy\": \"canary\", \"bakeSeconds\": -1}",
        "bakeSeconds");
    assertThat(rolloutCount()).isZero();
    assertThat(weights()).containsExactlyEntriesOf(Map.of("primary", 1.0));
  }

  @Test
  void aSecondRolloutWhileOneIsInProgressIsAConflict() throws Exception {
    String id = start("canary", null, 0).get("id").asString();
    startRequest(ENGINEER, body("linear", null, 0))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString(id)));
    mvc.perform(
            put("/api/v1/endpoints/" + endpoint + "/deployments")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"deployments\": [{\"variant\": \"a\", \"version\": 1, \"weight\": 1}]}"))
        .andExpect(status().isConflict());
    assertThat(rolloutCount()).isEqualTo(1);
    assertThat(weights()).containsEntry("candidate", 0.1);
  }

  @Test
  void abortingAFinishedRolloutIsAConflict() throws Exception {
    String id = start("canary", null, 0).get("id").asString();
    action(id, "abort")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("rolled-back"));
    action(id, "abort")
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    action(id, "resume").andExpect(status().isConflict());
    assertThat(weights()).containsExactlyEntriesOf(Map.of("primary", 1.0));
  }

  @Test
  void anotherTeamsEndpointAndRolloutsAreNotFoundAndViewersCannotStartOne() throws Exception {
    String id = start("canary", null, 0).get("id").asString();
    startRequest(OUTSIDER, body("canary", null, 0))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/rollouts/" + id)
                .header("Authorization", OUTSIDER))
        .andExpect(status().isNotFound());
    mvc.perform(
            post("/api/v1/endpoints/" + endpoint + "/rollouts/" + id + "/abort")
                .header("Authorization", OUTSIDER))
        .andExpect(status().isNotFound());
    startRequest(VIEWER, body("canary", null, 0)).andExpect(status().isForbidden());
    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/rollouts/" + UUID.randomUUID())
                .header("Authorization", VIEWER))
        .andExpect(status().isNotFound());
    assertThat(weights()).containsEntry("candidate", 0.1);
  }

  // ---- helpers ----

  private String body(String strategy, List<Integer> steps, long bake) {
    StringBuilder b =
        new StringBuilder("{\"modelGroup\": \"" + group + "\", \"version\": 2, \"strategy\": \"")
            .append(strategy)
            .append("\", \"bakeSeconds\": ")
            .append(bake);
    if (steps != null) {
      b.append(", \"steps\": ").append(steps);
    }
    return b.append('}').toString();
  }

  private JsonNode start(String strategy, List<Integer> steps, long bake) throws Exception {
    String response =
        startRequest(ENGINEER, body(strategy, steps, bake))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(response);
  }

  private ResultActions startRequest(String token, String body) throws Exception {
    return mvc.perform(
        post("/api/v1/endpoints/" + endpoint + "/rollouts")
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private void badStart(String body, String field) throws Exception {
    startRequest(ENGINEER, body)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field));
  }

  private ResultActions action(String id, String action) throws Exception {
    return mvc.perform(
        post("/api/v1/endpoints/" + endpoint + "/rollouts/" + id + "/" + action)
            .header("Authorization", ENGINEER));
  }

  private ResultActions rollouts() throws Exception {
    return mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/rollouts").header("Authorization", VIEWER))
        .andExpect(status().isOk());
  }

  private String advance(String id, int step, String decision) throws Exception {
    return publish(
        UUID.randomUUID().toString(),
        new RolloutAdvanceRequested(TEAM, endpoint, id, step, decision, List.of("healthy")),
        "/policy-service");
  }

  private JsonNode awaitRollout(String id, java.util.function.Predicate<JsonNode> done) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              last[0] =
                  json.readTree(
                      mvc.perform(
                              get("/api/v1/endpoints/" + endpoint + "/rollouts/" + id)
                                  .header("Authorization", VIEWER))
                          .andExpect(status().isOk())
                          .andReturn()
                          .getResponse()
                          .getContentAsString());
              return done.test(last[0]);
            });
    return last[0];
  }

  private static List<String> historyKinds(JsonNode rollout) {
    List<String> kinds = new java.util.ArrayList<>();
    rollout.get("history").forEach(h -> kinds.add(h.get("kind").asString()));
    return kinds;
  }

  /** Variant → weight as the routing table (what requests see) has it. */
  private Map<String, Double> weights() {
    Map<String, Double> weights = new java.util.TreeMap<>();
    routes
        .find(endpoint)
        .ifPresent(e -> e.deployments().forEach(d -> weights.put(d.variant(), d.weight())));
    return weights;
  }

  private int rolloutCount() {
    return jdbc.sql("select count(*) from rollouts where endpoint = :e")
        .param("e", endpoint)
        .query(Integer.class)
        .single();
  }

  private static List<String> types(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(r -> ceHeader(r, "ce_type")).toList();
  }

  private <T> T payload(List<ConsumerRecord<String, String>> records, String type, Class<T> as) {
    return records.stream()
        .filter(r -> ceHeader(r, "ce_type").equals("dev.aifactory.endpoint." + type + ".v1"))
        .map(r -> json.readValue(r.value(), as))
        .findFirst()
        .orElseThrow();
  }
}
