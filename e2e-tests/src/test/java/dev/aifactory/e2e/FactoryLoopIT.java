package dev.aifactory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The system test: the five services, PostgreSQL and a Kafka broker as real processes (started by
 * the launcher), and the whole loop run by the same driver as {@code ./factory demo}.
 */
class FactoryLoopIT {

  static RunningFactory factory;

  @BeforeAll
  static void startFactory() throws Exception {
    factory = RunningFactory.shared();
  }

  @Test
  void runsTheWholeLoopFromDatasetToDriftTriggeredRetraining() throws Exception {
    // The loop other system tests build on, run once for all of them; asserted in full here.
    RunningFactory.DemoRun loop = RunningFactory.demoLoop();
    ObjectNode result = loop.result();
    String transcript = loop.transcript();
    System.out.println(transcript);
    System.out.println(result);
    assertThat(result.path("status").asString())
        .as(() -> "demo failed:\n" + transcript + "\n" + factory.logTails())
        .isEqualTo("ok");

    // v1 deployed and sensible on the holdout, scored through the gateway over HTTP
    assertThat(result.path("holdoutAuc").asDouble()).isBetween(0.7, 1.0);
    assertThat(result.path("errors").asInt()).isZero();
    assertThat(result.path("predictions").asInt()).isGreaterThan(1000);

    // drift detected, retrained because of drift, v2 promoted
    assertThat(result.path("driftDetected").asBoolean()).isTrue();
    assertThat(result.path("retrainedBecause").asString()).isEqualTo("drift");
    assertThat(result.path("champion").asInt()).isEqualTo(2);
    List<JsonNode> versions = DemoLoop.items(result.path("versions"));
    assertThat(versions).extracting(v -> v.path("version").asInt()).containsExactly(1, 2);
    assertThat(versions)
        .allSatisfy(v -> assertThat(v.path("status").asString()).isEqualTo("APPROVED"));

    String group = result.path("modelGroup").asString();
    FactoryClient api =
        new FactoryClient(
            URI.create("http://127.0.0.1:" + RunningFactory.POLICY), "demo-ml", "demo-ml-secret");

    // no lost or doubled event: exactly one run per accepted request, v2 trained on the newest data
    List<JsonNode> runs =
        DemoLoop.items(
            api.get(
                URI.create("http://127.0.0.1:" + RunningFactory.TRAINING),
                "/api/v1/training-runs"
                    + FactoryClient.query(Map.of("modelGroup", group, "size", "50"))));
    assertThat(runs).hasSize(2);
    assertThat(runs)
        .extracting(r -> r.path("trigger").asString())
        .containsExactlyInAnyOrder("data", "drift");
    JsonNode driftRun =
        runs.stream()
            .filter(r -> "drift".equals(r.path("trigger").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(driftRun.path("datasetVersion").asInt()).isEqualTo(2);

    // every decision is in the audit log, and the chain verifies
    assertThat(result.path("auditEntries").asInt()).isGreaterThanOrEqualTo(4);
    assertThat(result.path("auditChainValid").asBoolean()).isTrue();
    List<JsonNode> decisions =
        DemoLoop.items(
            api.get(
                URI.create("http://127.0.0.1:" + RunningFactory.POLICY),
                "/api/v1/decisions"
                    + FactoryClient.query(Map.of("subject", group, "size", "100"))));
    assertThat(decisions)
        .extracting(d -> d.path("attachmentPoint").asString() + ":" + d.path("effect").asString())
        .contains(
            "training-data:allow",
            "training-data:deny",
            "promotion:allow",
            "retraining-drift:allow");

    // nothing was dead-lettered
    assertThat(deadLetters()).as("records on dead-letter topics").isEmpty();
  }

  @Test
  void runsTheLoopOnAnotherCsvWithANumericTarget(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    java.util.Random random = new java.util.Random(11);
    StringBuilder csv =
        new StringBuilder("sqft,bedrooms,age_years,distance_km,neighborhood,price\n");
    String[] hoods = {"riverside", "old-town", "hills"};
    double sum = 0, sq = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      double sqft = 500 + random.nextDouble() * 2500;
      int bedrooms = 1 + random.nextInt(5);
      double age = random.nextDouble() * 80;
      double distance = random.nextDouble() * 30;
      String hood = hoods[random.nextInt(hoods.length)];
      double price =
          50
              + 0.12 * sqft
              + 8 * bedrooms
              - 0.6 * age
              - 2.5 * distance
              + (hood.equals("hills") ? 40 : hood.equals("old-town") ? 15 : 0)
              + random.nextGaussian() * 15;
      sum += price;
      sq += price * price;
      csv.append(
          String.format(
              java.util.Locale.ROOT,
              "%.0f,%d,%.1f,%.2f,%s,%.2f%n",
              sqft,
              bedrooms,
              age,
              distance,
              hood,
              price));
    }
    double std = Math.sqrt(sq / n - (sum / n) * (sum / n));
    java.nio.file.Path file = dir.resolve("house-prices.csv");
    java.nio.file.Files.writeString(file, csv);

    ObjectNode result = new DemoLoop(factory.demoConfig(file, "price"), System.out).run();
    System.out.println(result);
    assertThat(result.path("status").asString())
        .as(() -> "demo failed: " + result + "\n" + factory.logTails())
        .isEqualTo("ok");
    assertThat(result.path("objective").asString()).isEqualTo("regression");
    // far better than predicting the mean (whose RMSE is the target's standard deviation)
    assertThat(result.path("holdoutRmse").asDouble()).isLessThan(std * 0.5);
    assertThat(result.path("retrainedBecause").asString()).isEqualTo("drift");
    assertThat(result.path("champion").asInt()).isEqualTo(2);
    assertThat(result.path("errors").asInt()).isZero();
  }

  @Test
  void losesAndDoublesNothingWhenTrainingAndPolicyAreKilledMidLoop() throws Exception {
    URI ingestion = URI.create("http://127.0.0.1:" + RunningFactory.INGESTION);
    URI training = URI.create("http://127.0.0.1:" + RunningFactory.TRAINING);
    URI gateway = URI.create("http://127.0.0.1:" + RunningFactory.GATEWAY);
    URI policy = URI.create("http://127.0.0.1:" + RunningFactory.POLICY);
    FactoryClient api = new FactoryClient(policy, "demo-ml", "demo-ml-secret");
    String name = "crash-" + UUID.randomUUID().toString().substring(0, 6);
    DemoData data = DemoData.builtIn(3);

    api.postJson(
        gateway,
        "/api/v1/endpoints",
        Map.of("name", name, "modelGroup", name, "captureSampleRate", 0.0));
    String datasetId =
        api.createAutoTrainDataset(ingestion, name, data.target, data.objective, Map.of());
    api.uploadVersion(ingestion, datasetId, "v1.csv", data.toCsv(data.train));

    // SIGKILL while the request is somewhere between policy, Kafka and the trainer
    factory.kill("policy-service");
    factory.kill("training-service");
    factory.up();

    // the loop still completes, with a token issued before the restart (the signing key persists)
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(FactoryClient.ApiError.class)
        .untilAsserted(
            () ->
                assertThat(
                        api.get(training, "/api/v1/model-groups/" + name + "/versions/1")
                            .path("status")
                            .asString())
                    .isEqualTo("APPROVED"));
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(FactoryClient.ApiError.class)
        .untilAsserted(
            () ->
                assertThat(
                        api.get(gateway, "/api/v1/endpoints/" + name)
                            .path("deployments")
                            .path(0)
                            .path("version")
                            .asInt())
                    .isEqualTo(1));

    // exactly once: one run, one version, one decision of each kind
    List<JsonNode> runs =
        DemoLoop.items(
            api.get(
                training,
                "/api/v1/training-runs" + FactoryClient.query(Map.of("modelGroup", name))));
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(DemoLoop.items(api.get(training, "/api/v1/model-groups/" + name + "/versions")))
        .extracting(v -> v.path("version").asInt())
        .containsExactly(1);
    List<JsonNode> decisions =
        DemoLoop.items(
            api.get(policy, "/api/v1/decisions" + FactoryClient.query(Map.of("subject", name))));
    // the loop's decisions are effects of events: exactly one each. Admissions (training before
    // a run launches, deployment before the gateway serves) are questions a service asks; one
    // asked again after the kill may be recorded again, but never with another answer.
    List<String> kinds =
        decisions.stream()
            .map(d -> d.path("attachmentPoint").asString() + ":" + d.path("effect").asString())
            .toList();
    java.util.function.Predicate<String> admission =
        k -> k.startsWith("training-admission:") || k.startsWith("deployment:");
    assertThat(kinds.stream().filter(admission.negate()))
        .containsExactlyInAnyOrder("training-data:allow", "promotion:allow");
    assertThat(kinds.stream().filter(admission)).allMatch(k -> k.endsWith(":allow"));
  }

  private static List<String> deadLetters() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + RunningFactory.KAFKA);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-dlt-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(java.util.regex.Pattern.compile("aifactory\\..*\\.dlt"));
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          found.add(r.topic() + ": " + r.value());
        }
      }
    }
    return found;
  }
}
