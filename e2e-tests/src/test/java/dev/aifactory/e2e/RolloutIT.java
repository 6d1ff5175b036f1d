package dev.aifactory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Progressive delivery across real processes: when the champion moves, the gateway starts a canary;
 * monitoring compares the candidate's windows with the champion's over the same span; policy's
 * rollout gate asks the gateway to advance or to abort. No manual step anywhere: a healthy
 * candidate completes, a candidate that learned the wrong relation (inverted labels, which still
 * score well on its own validation split and so pass the promotion gate) is rolled back.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RolloutIT {

  static final URI GATEWAY = URI.create("http://127.0.0.1:" + RunningFactory.GATEWAY);
  static final URI INGESTION = URI.create("http://127.0.0.1:" + RunningFactory.INGESTION);
  static final URI TRAINING = URI.create("http://127.0.0.1:" + RunningFactory.TRAINING);
  static final URI MONITORING = URI.create("http://127.0.0.1:" + RunningFactory.MONITORING);
  static final URI POLICY = URI.create("http://127.0.0.1:" + RunningFactory.POLICY);
  static final Duration LOOP = Duration.ofMinutes(4);

  static RunningFactory factory;
  static FactoryClient api;
  static DemoData data;
  static String name;
  static String datasetId;

  @BeforeAll
  static void startFactoryWithAChampion() throws Exception {
    factory = RunningFactory.shared();
    api = new FactoryClient(POLICY, "demo-ml", "demo-ml-secret");
    data = DemoData.builtIn(7);
    name = "rollout-" + UUID.randomUUID().toString().substring(0, 8);

    // Short windows so a step is judged within seconds of traffic, but enough samples per window:
    // the gate compares the candidate's prediction distribution with the champion's, and with
    // ~40 candidate requests (3 s windows at 25 %) an identical model once measured a normalised
    // distance of 0.50 against the champion from sampling alone and was rolled back.
    api.postJson(
        GATEWAY,
        "/api/v1/endpoints",
        Map.of(
            "name",
            name,
            "modelGroup",
            name,
            "captureSampleRate",
            1.0,
            "championRollout",
            Map.of("strategy", "canary", "steps", List.of(25, 100), "bakeSeconds", 2)));
    api.postJson(
        MONITORING,
        "/api/v1/monitors",
        Map.of("endpoint", name, "windowLengthSeconds", 6, "minSamples", 60));

    datasetId = api.createAutoTrainDataset(INGESTION, name, data.target, data.objective, Map.of());
    api.uploadVersion(INGESTION, datasetId, name + "-v1.csv", data.toCsv(data.train));
    awaitServedVersions(1);
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aHealthyCandidateAdvancesOnEachGateDecisionAndTakesAllTraffic() throws Exception {
    // CI retrains on the same data: a healthy candidate (same relation, same metrics)
    int version = trainAndAwaitApproval(datasetId, "retrain on unchanged data");

    JsonNode rollout;
    try (Traffic traffic = Traffic.start(name)) {
      rollout = awaitFinishedRollout(version);
      assertThat(traffic.errors()).as("requests answered with an error").isZero();
    }
    assertThat(rollout.path("state").asString())
        .as(() -> "rollout " + rollout + "\n" + factory.logTails())
        .isEqualTo("completed");
    assertThat(rollout.path("strategy").asString()).isEqualTo("canary");
    // every step advanced on a policy decision, not on a person
    List<JsonNode> advances =
        DemoLoop.items(rollout.path("history")).stream()
            .filter(h -> h.path("decisionId").isString())
            .toList();
    assertThat(advances).isNotEmpty();
    assertThat(servedVersions()).containsExactly(version);
    assertThat(gateDecisions()).contains("allow");
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void aCandidateThatLearnedTheWrongRelationIsRolledBackWithoutAManualStep() throws Exception {
    // Labels inverted: the model scores as well on its own validation split (so the promotion
    // gate lets it through) but predicts the opposite of the champion on live traffic.
    List<List<String>> inverted = new ArrayList<>();
    for (List<String> row : data.train) {
      List<String> copy = new ArrayList<>(row);
      copy.set(data.targetIndex, "1".equals(row.get(data.targetIndex)) ? "0" : "1");
      inverted.add(copy);
    }
    String invertedId =
        api.postJson(INGESTION, "/api/v1/datasets", Map.of("name", name + "-inverted"))
            .path("id")
            .asString();
    api.grantTeamRead(INGESTION, invertedId);
    api.uploadVersion(INGESTION, invertedId, name + "-inverted.csv", data.toCsv(inverted));
    List<Integer> before = servedVersions();

    int version = trainAndAwaitApproval(invertedId, "a model trained on mislabelled data");

    JsonNode rollout;
    try (Traffic traffic = Traffic.start(name)) {
      rollout = awaitFinishedRollout(version);
    }
    assertThat(rollout.path("state").asString())
        .as(() -> "rollout " + rollout + "\n" + factory.logTails())
        .isEqualTo("rolled-back");
    assertThat(rollout.path("reason").asString()).contains("deny").contains("prediction distance");
    assertThat(servedVersions()).containsExactlyElementsOf(before);
    assertThat(gateDecisions()).contains("deny");
  }

  /** Starts a CI-style run for the group on a dataset and waits until policy approved it. */
  static int trainAndAwaitApproval(String dataset, String reason) {
    // Training learns of dataset versions from ingestion's events: until it has, the dataset is
    // unknown to it (404). The idempotency key makes the retries one run.
    String key = "rollout-it-" + UUID.randomUUID();
    JsonNode run =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  FactoryClient.Response r =
                      api.postJson(
                          TRAINING,
                          "/api/v1/training-runs",
                          runBody(dataset, reason),
                          Map.of("Idempotency-Key", key));
                  if (r.status() == 404) {
                    return null;
                  }
                  assertThat(r.status()).as(r.body()).isBetween(200, 299);
                  return r.json();
                },
                java.util.Objects::nonNull);
    String runId = run.path("id").asString();
    JsonNode done =
        await()
            .atMost(LOOP)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> api.get(TRAINING, "/api/v1/training-runs/" + runId),
                r -> r.path("status").asString().matches("SUCCEEDED|FAILED|REJECTED|CANCELLED"));
    assertThat(done.path("status").asString())
        .as(() -> "run " + done + "\n" + factory.logTails())
        .isEqualTo("SUCCEEDED");
    int version = done.path("modelVersion").asInt();
    JsonNode registered =
        await()
            .atMost(LOOP)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> api.get(TRAINING, "/api/v1/model-groups/" + name + "/versions/" + version),
                v -> !v.path("status").asString().startsWith("PENDING"));
    assertThat(registered.path("status").asString())
        .as(() -> "version " + registered)
        .isEqualTo("APPROVED");
    return version;
  }

  static Map<String, Object> runBody(String dataset, String reason) {
    return Map.of(
        "modelGroup",
        name,
        "datasetId",
        dataset,
        "datasetVersion",
        1,
        "target",
        data.target,
        "objective",
        data.objective,
        "trigger",
        "ci",
        "reason",
        reason);
  }

  static JsonNode awaitFinishedRollout(int candidateVersion) {
    return await()
        .atMost(LOOP)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                DemoLoop.items(api.get(GATEWAY, "/api/v1/endpoints/" + name + "/rollouts")).stream()
                    .filter(r -> r.path("candidateVersion").asInt() == candidateVersion)
                    .findFirst()
                    .orElse(null),
            r -> r != null && r.path("state").asString().matches("completed|rolled-back"));
  }

  static void awaitServedVersions(Integer... versions) {
    await()
        .atMost(LOOP)
        .pollInterval(Duration.ofSeconds(1))
        .until(RolloutIT::servedVersions, served -> served.equals(List.of(versions)));
  }

  /** Versions of the endpoint's variants that take traffic (weight > 0), in variant order. */
  static List<Integer> servedVersions() {
    JsonNode endpoint = api.get(GATEWAY, "/api/v1/endpoints/" + name);
    List<Integer> versions = new ArrayList<>();
    for (JsonNode d : endpoint.path("deployments")) {
      if (d.path("weight").asDouble() > 0) {
        versions.add(d.path("version").asInt());
      }
    }
    return versions;
  }

  /** Effects of the rollout gate's decisions on this group, newest first. */
  static List<String> gateDecisions() {
    return DemoLoop.items(
            api.get(
                POLICY,
                "/api/v1/decisions" + FactoryClient.query(Map.of("subject", name, "size", "200"))))
        .stream()
        .filter(d -> "rollout-step".equals(d.path("attachmentPoint").asString()))
        .map(d -> d.path("effect").asString())
        .toList();
  }

  /** Holdout rows sent one by one through the SageMaker-compatible path until closed. */
  static final class Traffic implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger errors = new AtomicInteger();
    private final Thread thread;

    private Traffic(String endpoint) {
      List<byte[]> rows = new ArrayList<>();
      for (List<String> row : data.holdout) {
        List<String> features = new ArrayList<>(row);
        features.remove(data.targetIndex);
        rows.add((String.join(",", features) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      thread =
          new Thread(
              () -> {
                int i = 0;
                while (running.get()) {
                  FactoryClient.Response r =
                      api.postRaw(
                          GATEWAY,
                          "/endpoints/" + endpoint + "/invocations",
                          "text/csv",
                          "application/json",
                          rows.get(i++ % rows.size()));
                  if (r.status() != 200) {
                    errors.incrementAndGet();
                  }
                }
              },
              "rollout-traffic");
      thread.setDaemon(true);
    }

    static Traffic start(String endpoint) {
      Traffic t = new Traffic(endpoint);
      t.thread.start();
      return t;
    }

    int errors() {
      return errors.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }
}
