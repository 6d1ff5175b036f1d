package dev.aifactory.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.ChampionComparison;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.DriftDetected;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.events.HostingChanged;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.QualityDegraded;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.ShadowResult;
import dev.aifactory.common.events.SloViolated;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.events.WindowEvaluated;
import dev.aifactory.common.testing.PagingProbe;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.monitoring.cost.CapacityAccounting;
import dev.aifactory.monitoring.window.Captures;
import dev.aifactory.monitoring.window.MonitoringWindow;
import dev.aifactory.monitoring.window.TumblingWindows;
import dev.aifactory.monitoring.window.WindowKey;
import dev.aifactory.monitoring.window.WindowPartitions;
import dev.aifactory.monitoring.window.WindowRetention;
import dev.aifactory.monitoring.window.Windows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service end to end: real PostgreSQL, embedded Kafka, 2 s windows with 1 s lateness (test
 * configuration). Every test uses its own team, endpoint and model group.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class MonitoringIT {

  private static final Map<String, Double> SEGMENTS = Map.of("a", 0.6, "b", 0.3, "c", 0.1);
  private static final Map<String, Double> SHIFTED_SEGMENTS = Map.of("a", 0.1, "b", 0.2, "c", 0.7);
  private static final int BATCH = 120;

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired JsonMapper json;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired MeterRegistry meters;
  @Autowired MonitoringProperties properties;
  @Autowired RetentionPurge retention;
  @Autowired WindowRetention windowRetention;
  @Autowired WindowPartitions partitions;
  @Autowired Windows windowStore;
  @Autowired Captures captureStore;
  @Autowired org.springframework.transaction.support.TransactionTemplate tx;
  @Autowired CapacityAccounting capacity;

  private String run;
  private String team;
  private String endpoint;
  private String group;
  private Consumer<String, String> monitoringEvents;
  private final List<IncomingEvent> received = new ArrayList<>();

  @BeforeEach
  void uniqueNames() {
    run = UUID.randomUUID().toString().substring(0, 8);
    team = "team-" + run;
    endpoint = "churn-" + run;
    group = "churn-model-" + run;
    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "it-" + run, true);
    monitoringEvents =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer();
    monitoringEvents.subscribe(List.of(Topics.MONITORING));
  }

  @AfterEach
  void closeConsumer() {
    monitoringEvents.close();
  }

  @Test
  void refusesAPageOrPageSizeOutOfRangeNamingIt() throws Exception {
    String viewer = TestJwts.bearer("vic", "paging-" + UUID.randomUUID(), "viewer");
    for (String list :
        new String[] {
          "/api/v1/monitors",
          "/api/v1/windows",
          "/api/v1/drift-reports",
          "/api/v1/slos",
          "/api/v1/violations",
          "/api/v1/quality"
        }) {
      PagingProbe.refusesOutOfRangePaging(mvc, list, viewer);
    }
  }

  @Test
  void driftedCapturesAreEvaluatedAndReportedAsDrift() throws Exception {
    registerBaseline();
    Instant window = aWindowAhead();

    publishCaptures(UUID.randomUUID().toString(), captures(window, BATCH, 2.0, SHIFTED_SEGMENTS));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(receivedTypes())
                    .contains("monitoring.window-evaluated", "monitoring.drift-detected"));
    WindowEvaluated evaluated = first("monitoring.window-evaluated", WindowEvaluated.class);
    DriftDetected drift = first("monitoring.drift-detected", DriftDetected.class);
    assertThat(evaluated.team()).isEqualTo(team);
    assertThat(evaluated.count()).isEqualTo(BATCH);
    assertThat(evaluated.windowFrom()).isEqualTo(window);
    assertThat(evaluated.windowTo()).isEqualTo(window.plus(properties.windowLength()));
    assertThat(evaluated.latencyP50()).isLessThanOrEqualTo(evaluated.latencyP95());
    assertThat(evaluated.latencyP95()).isLessThanOrEqualTo(evaluated.latencyP99());
    assertThat(evaluated.errorRate()).isEqualTo(0.1);
    assertThat(evaluated.features())
        .extracting(f -> f.name() + ":" + f.method() + ":" + f.drifted())
        .containsExactlyInAnyOrder("x1:ks:true", "x2:ks:true", "segment:chi-square:true");
    assertThat(evaluated.driftShare()).isEqualTo(1.0);
    mvc.perform(
            get("/api/v1/violations")
                .param("endpoint", endpoint)
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].kind").value("drift"))
        .andExpect(jsonPath("$.items[0].windowId").value(drift.reportId()));
    assertThat(drift.modelGroup()).isEqualTo(group);
    assertThat(drift.version()).isEqualTo(1);
    assertThat(drift.endpoint()).isEqualTo(endpoint);
    assertThat(drift.driftShare()).isEqualTo(1.0);

    // The report id is the window id, readable by the owner team only.
    String owner = TestJwts.bearer("alice", team, "viewer");
    String stranger = TestJwts.bearer("mallory", "other-" + run, "viewer");
    mvc.perform(get("/api/v1/drift-reports/" + drift.reportId()).header("Authorization", owner))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.modelGroup").value(group))
        .andExpect(jsonPath("$.driftedFeatures.length()").value(3));
    mvc.perform(
            get("/api/v1/drift-reports").param("modelGroup", group).header("Authorization", owner))
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].id").value(drift.reportId()));
    mvc.perform(get("/api/v1/windows/" + drift.reportId()).header("Authorization", owner))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.window.status").value("EVALUATED"))
        .andExpect(jsonPath("$.features.length()").value(3))
        .andExpect(jsonPath("$.predictionDrift.name").value("prediction"));
    mvc.perform(get("/api/v1/windows/" + drift.reportId()).header("Authorization", stranger))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/api/v1/drift-reports/" + drift.reportId()).header("Authorization", stranger))
        .andExpect(status().isNotFound());
    // The same window in the SageMaker Model Monitor file shapes.
    String files = "/api/v1/drift-reports/" + drift.reportId() + "/files/";
    mvc.perform(get(files + "statistics.json").header("Authorization", owner))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.dataset.item_count").value(BATCH))
        .andExpect(jsonPath("$.features[0].name").value("x1"))
        .andExpect(jsonPath("$.features[0].numerical_statistics.common.num_present").value(BATCH));
    mvc.perform(get(files + "constraints.json").header("Authorization", owner))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.features[2].string_constraints.domains.length()").value(3));
    mvc.perform(get(files + "constraint_violations.json").header("Authorization", owner))
        .andExpect(status().isOk())
        .andExpect(
            jsonPath("$.violations[?(@.constraint_check_type == 'baseline_drift_check')]")
                .isArray())
        .andExpect(jsonPath("$.violations.length()").value(3));
    mvc.perform(get(files + "report.html").header("Authorization", owner))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get(files + "statistics.json").header("Authorization", stranger))
        .andExpect(status().isNotFound());
    mvc.perform(
            get("/api/v1/windows").param("endpoint", endpoint).header("Authorization", stranger))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(0));
    assertThat(
            meters
                .counter("aifactory.monitoring.windows", "endpoint", endpoint, "drifted", "true")
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get("aifactory.monitoring.drift.share")
                .tags("endpoint", endpoint, "model", group, "version", "1")
                .gauge()
                .value())
        .isEqualTo(1.0);
    // The Prometheus names the Grafana dashboard (deploy/grafana/aifactory.json) queries.
    String scrape =
        mvc.perform(get("/actuator/prometheus"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(scrape)
        .contains(
            "aifactory_monitoring_window_latency_milliseconds{",
            "aifactory_monitoring_drift_share{",
            "aifactory_monitoring_endpoint_error_rate{",
            "aifactory_monitoring_windows_total{",
            "aifactory_monitoring_captures_total{");
    // Per-endpoint gauges, watched by the endpoint's alarms (CloudWatch in AWS mode).
    assertThat(
            meters
                .get("aifactory.monitoring.endpoint.error.rate")
                .tags("team", team, "endpoint", endpoint)
                .gauge()
                .value())
        .isEqualTo(0.1);
  }

  @Test
  void undriftedCapturesAreEvaluatedWithoutDriftAndLateOnesAreDropped() throws Exception {
    registerBaseline();
    Instant window = aWindowAhead();

    publishCaptures(UUID.randomUUID().toString(), captures(window, BATCH, 0.0, SEGMENTS));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receivedTypes()).contains("monitoring.window-evaluated"));
    WindowEvaluated evaluated = first("monitoring.window-evaluated", WindowEvaluated.class);
    assertThat(evaluated.driftShare()).isLessThan(0.5);
    // Drift-detected would have been written to the outbox in the evaluation's own transaction.
    assertThat(outboxEvents("dev.aifactory.monitoring.drift-detected.v1")).isZero();
    assertThat(outboxEvents("dev.aifactory.monitoring.window-evaluated.v1")).isEqualTo(1);

    // Captures arriving after the window was evaluated are counted as late and not evaluated.
    publishCaptures(UUID.randomUUID().toString(), captures(window, 10, 0.0, SEGMENTS));
    await().atMost(Duration.ofSeconds(15)).until(() -> captureCounter("late").count() == 10.0);
    assertThat(captureCounter("accepted").count()).isEqualTo(BATCH);
    mvc.perform(
            get("/api/v1/windows")
                .param("endpoint", endpoint)
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].count").value(BATCH))
        .andExpect(jsonPath("$.items[0].datasetDrift").value(false));
  }

  @Test
  void capturesWithMissingFeaturesAreCountedAsViolationsNotCrashes() throws Exception {
    registerBaseline();
    Instant window = aWindowAhead();
    InferenceCaptured batch = captures(window, BATCH, 0.0, SEGMENTS);
    List<CapturedInference> withoutX2 = new ArrayList<>();
    for (CapturedInference r : batch.records()) {
      Map<String, Object> features = new HashMap<>(r.features());
      features.remove("x2");
      withoutX2.add(
          new CapturedInference(
              r.requestId(),
              r.endpoint(),
              r.variant(),
              r.modelGroup(),
              r.version(),
              r.timestamp(),
              r.latencyMs(),
              r.overheadMs(),
              r.status(),
              features,
              r.prediction()));
    }

    publishCaptures(
        UUID.randomUUID().toString(),
        new InferenceCaptured(team, endpoint, UUID.randomUUID().toString(), withoutX2));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receivedTypes()).contains("monitoring.window-evaluated"));
    WindowEvaluated evaluated = first("monitoring.window-evaluated", WindowEvaluated.class);
    assertThat(evaluated.features()).extracting(f -> f.name()).containsExactly("x1", "segment");
    String windowId =
        jdbc.sql("select id::text from windows where team = :team")
            .param("team", team)
            .query(String.class)
            .single();
    mvc.perform(
            get("/api/v1/drift-reports/" + windowId + "/files/constraint_violations.json")
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.violations[0].feature_name").value("x2"))
        .andExpect(jsonPath("$.violations[0].constraint_check_type").value("missing_column_check"));
    // Counted as a missing-column violation, listed with the others of the team.
    mvc.perform(
            get("/api/v1/violations")
                .param("kind", "missing-column")
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].subject").value("x2"))
        .andExpect(jsonPath("$.items[0].count").value(BATCH))
        .andExpect(jsonPath("$.items[0].windowId").value(windowId));
    mvc.perform(
            get("/api/v1/violations")
                .header("Authorization", TestJwts.bearer("mallory", "other-" + run, "viewer")))
        .andExpect(jsonPath("$.total").value(0));
    assertThat(
            meters
                .counter(
                    "aifactory.monitoring.missing.features",
                    "team",
                    team,
                    "endpoint",
                    endpoint,
                    "model",
                    group,
                    "version",
                    "1",
                    "feature",
                    "x2")
                .count())
        .isEqualTo(BATCH);
  }

  @Test
  void aCaptureBatchDeliveredTwiceIsCountedOnce() throws Exception {
    registerBaseline();
    Instant window = aWindowAhead();
    String batchId = UUID.randomUUID().toString();
    InferenceCaptured batch = captures(window, BATCH, 0.0, SEGMENTS);

    publishCaptures(batchId, batch);
    publishCaptures(batchId, batch);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receivedTypes()).contains("monitoring.window-evaluated"));
    assertThat(first("monitoring.window-evaluated", WindowEvaluated.class).count())
        .isEqualTo(BATCH);
    assertThat(
            jdbc.sql(
                    "select count(*) from inbox where consumer = 'monitoring.captures' and event_id = :id")
                .param("id", batchId)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(captureCounter("accepted").count()).isEqualTo(BATCH);
  }

  @Test
  void
      aWindowIsEvaluatedFromTheAggregateBuiltAtIngestAndCapturesRepublishedInAnotherBatchCountOnce()
          throws Exception {
    registerBaseline();
    Instant window = aWindowAhead();
    InferenceCaptured batch = captures(window, BATCH, 2.0, SHIFTED_SEGMENTS);
    String first = UUID.randomUUID().toString();
    String again = UUID.randomUUID().toString();

    publishCaptures(first, batch);
    publishCaptures(again, batch); // same request ids, another event: not an inbox duplicate
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from inbox where consumer = 'monitoring.captures'"
                                + " and event_id in (:ids)")
                        .param("ids", List.of(first, again))
                        .query(Long.class)
                        .single()
                    == 2);
    // The stored captures lose their features before the window closes: evaluation must not need
    // them, the aggregate built at ingest has everything drift needs.
    int blanked =
        jdbc.sql(
                "update captures set features = '{}'::jsonb where window_id in"
                    + " (select id from windows where team = :team and status = 'OPEN')")
            .param("team", team)
            .update();
    assertThat(blanked).isEqualTo(BATCH);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receivedTypes()).contains("monitoring.window-evaluated"));
    WindowEvaluated evaluated = first("monitoring.window-evaluated", WindowEvaluated.class);
    assertThat(evaluated.count()).isEqualTo(BATCH);
    assertThat(evaluated.features()).hasSize(3).allMatch(FeatureDrift::drifted);
    assertThat(
            jdbc.sql(
                    "select count(*) from violations where team = :team and kind = 'MISSING_COLUMN'")
                .param("team", team)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "select count(*) from window_aggregates a join windows w on w.id = a.window_id"
                        + " where w.team = :team")
                .param("team", team)
                .query(Long.class)
                .single())
        .as("an evaluated window's aggregate is deleted")
        .isZero();
  }

  @Test
  void aWindowWithTooFewCapturesIsClosedWithoutEvents() throws Exception {
    registerBaseline();
    Instant window = aWindowAhead();

    publishCaptures(UUID.randomUUID().toString(), captures(window, 10, 2.0, SHIFTED_SEGMENTS));

    String owner = TestJwts.bearer("alice", team, "viewer");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(
                        get("/api/v1/windows")
                            .param("modelGroup", group)
                            .header("Authorization", owner))
                    .andExpect(jsonPath("$.items[0].status").value("INSUFFICIENT_DATA")));
    assertThat(outboxEvents("dev.aifactory.monitoring.window-evaluated.v1")).isZero();
  }

  @Test
  void theBaselineOfAVersionIsVisibleToItsTeamOnly() throws Exception {
    registerBaseline();

    mvc.perform(
            get("/api/v1/baselines/" + group + "/1")
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.objective").value("binary"))
        .andExpect(jsonPath("$.featureSchema.length()").value(3))
        .andExpect(jsonPath("$.baseline.features[0].name").value("x1"))
        .andExpect(jsonPath("$.trainingMetrics.auc").value(0.8))
        // 500-value references are measured by p-value tests: nothing to calibrate.
        .andExpect(jsonPath("$.calibration.features").isEmpty());
    mvc.perform(
            get("/api/v1/baselines/" + group + "/1")
                .header("Authorization", TestJwts.bearer("mallory", "other-" + run, "viewer")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void rejectsAPageSizeAboveTheMaximumWithTheFieldAtFault() throws Exception {
    mvc.perform(
            get("/api/v1/windows")
                .param("size", "500")
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("size"));
  }

  @Test
  void rejectsCallsWithoutAToken() throws Exception {
    mvc.perform(get("/api/v1/windows"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void labelsArrivingDaysLaterAreJoinedWithTheirCapturesAndADropIsPublishedOnce() throws Exception {
    registerBaseline(Map.of("auc", 0.9, "accuracy", 0.85, "logloss", 0.3));
    // Captured three days ago; the labels come now.
    TumblingWindows tumbling = new TumblingWindows(properties.windowLength());
    Instant window = tumbling.startOf(Instant.now().minus(Duration.ofDays(3)));
    InferenceCaptured batch = captures(window, BATCH, 0.0, SEGMENTS);
    publishCaptures(UUID.randomUUID().toString(), batch);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receivedTypes()).contains("monitoring.window-evaluated"));
    String engineer = TestJwts.bearer("erin", team, "ml-engineer");
    String url = "/api/v1/endpoints/" + endpoint + "/ground-truth";
    List<Map<String, Object>> labels = new ArrayList<>();
    Random random = new Random(8);
    for (CapturedInference record : batch.records()) {
      // Labels independent of the predictions: the model has lost all skill (AUC ~0.5).
      labels.add(Map.of("requestId", record.requestId(), "label", random.nextBoolean() ? 1 : 0));
    }

    // A label the binary model cannot have rejects the whole batch.
    List<Map<String, Object>> notBinary = new ArrayList<>(labels);
    notBinary.set(3, Map.of("requestId", batch.records().get(3).requestId(), "label", 0.7));
    mvc.perform(
            post(url)
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("labels", notBinary))))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("labels[3].label"));
    assertThat(groundTruthRows()).isZero();

    List<Map<String, Object>> withUnknown = new ArrayList<>(labels);
    withUnknown.add(Map.of("requestId", "never-captured-" + run, "label", true));
    mvc.perform(
            post(url)
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("labels", withUnknown))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(BATCH))
        .andExpect(jsonPath("$.unknownRequestIds[0]").value("never-captured-" + run))
        .andExpect(jsonPath("$.windowsAssessed").value(1));

    String viewer = TestJwts.bearer("alice", team, "viewer");
    mvc.perform(get("/api/v1/quality").param("endpoint", endpoint).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(2))
        .andExpect(jsonPath("$.items[?(@.source == 'measured')].sampleCount").value(BATCH))
        .andExpect(jsonPath("$.items[?(@.source == 'measured')].estimated").value(false))
        .andExpect(jsonPath("$.items[?(@.source == 'measured')].trainingMetrics.auc").value(0.9))
        .andExpect(jsonPath("$.items[?(@.source == 'estimated')].estimated").value(true));
    WindowQualityRow measured = qualityRow("measured");
    assertThat(measured.metrics()).containsKeys("auc", "accuracy", "f1", "logloss");
    assertThat(measured.degraded()).contains("auc");
    // Uniform probabilities: expected accuracy 0.75 against 0.85 in training.
    WindowQualityRow estimated = qualityRow("estimated");
    assertThat(estimated.metrics()).containsOnlyKeys("accuracy");
    assertThat(estimated.degraded()).containsExactly("accuracy");
    long alerts = outboxEvents("dev.aifactory.monitoring.quality-degraded.v1");
    assertThat(alerts).isEqualTo(measured.degraded().size() + 1);

    // The same labels again: quality recomputed, no second alert.
    mvc.perform(
            post(url)
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("labels", labels))))
        .andExpect(status().isOk());
    assertThat(outboxEvents("dev.aifactory.monitoring.quality-degraded.v1")).isEqualTo(alerts);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              receivedTypes();
              assertThat(measuredAucDrop()).isPresent();
            });
    assertThat(measuredAucDrop())
        .hasValueSatisfying(
            q -> {
              assertThat(q.baseline()).isEqualTo(0.9);
              assertThat(q.observed()).isLessThan(0.75);
              assertThat(q.windowFrom()).isEqualTo(window);
            });

    // Past the retention the captures are gone: their labels find nothing any more.
    retention.purgeBefore(Instant.now().minus(Duration.ofDays(1)));
    mvc.perform(
            post(url)
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("labels", labels.subList(0, 2)))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.unknownRequestIds.length()").value(2));
  }

  @Test
  void rejectsALabelOfTheWrongTypeWithTheFieldAndStoresNothing() throws Exception {
    mvc.perform(
            post("/api/v1/endpoints/" + endpoint + "/ground-truth")
                .header("Authorization", TestJwts.bearer("erin", team, "ml-engineer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"labels": [{"requestId": "r1", "label": 1},
                                {"requestId": "r2", "label": "yes"},
                                {"requestId": " ", "label": 0}]}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("labels[1].label"))
        .andExpect(jsonPath("$.errors[1].field").value("labels[2].requestId"));
    assertThat(groundTruthRows()).isZero();
  }

  @Test
  void rejectsAnEmptyLabelBatch() throws Exception {
    mvc.perform(
            post("/api/v1/endpoints/" + endpoint + "/ground-truth")
                .header("Authorization", TestJwts.bearer("erin", team, "ml-engineer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"labels\": []}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("labels"));
    assertThat(groundTruthRows()).isZero();
  }

  @Test
  void viewersCannotSendGroundTruth() throws Exception {
    mvc.perform(
            post("/api/v1/endpoints/" + endpoint + "/ground-truth")
                .header("Authorization", TestJwts.bearer("alice", team, "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"labels\": [{\"requestId\": \"r1\", \"label\": 1}]}"))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(groundTruthRows()).isZero();
  }

  @Test
  void trainingAndServingCostsAreReportedPerTeamModelGroupAndVersion() throws Exception {
    registerBaseline();
    TrainingRunCompleted completed =
        new TrainingRunCompleted(
            team, "run-" + run, group, 1, Map.of("auc", 0.8), 12_000, 1.5, "data");
    send(
        Topics.TRAINING,
        completed.runId(),
        "training.run-completed",
        UUID.randomUUID().toString(),
        completed);
    publishCaptures(UUID.randomUUID().toString(), captures(aWindowAhead(), BATCH, 0.0, SEGMENTS));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receivedTypes()).contains("monitoring.window-evaluated"));

    String viewer = TestJwts.bearer("alice", team, "viewer");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(
                        get("/api/v1/cost-reports")
                            .param("by", "version")
                            .header("Authorization", viewer))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.currency").value("USD"))
                    .andExpect(jsonPath("$.items[0].modelGroup").value(group))
                    .andExpect(jsonPath("$.items[0].version").value(1))
                    .andExpect(jsonPath("$.items[0].trainingCost").value(1.5))
                    .andExpect(jsonPath("$.items[0].predictions").value(BATCH)));
    mvc.perform(get("/api/v1/cost-reports").header("Authorization", viewer))
        .andExpect(jsonPath("$.by").value("team"))
        .andExpect(jsonPath("$.items.length()").value(1))
        .andExpect(jsonPath("$.items[0].team").value(team))
        .andExpect(jsonPath("$.items[0].modelGroup").doesNotExist())
        .andExpect(
            jsonPath("$.items[0].servingCost")
                .value(org.hamcrest.Matchers.greaterThan(0.0), Double.class))
        .andExpect(
            jsonPath("$.items[0].costPer1000Predictions")
                .value(org.hamcrest.Matchers.greaterThan(0.0), Double.class));
    mvc.perform(
            get("/api/v1/cost-reports")
                .header("Authorization", TestJwts.bearer("mallory", "other-" + run, "viewer")))
        .andExpect(jsonPath("$.items.length()").value(0));
  }

  @Test
  void sageMakerCapacityIsChargedFromInServiceUntilReplacedOrDeleted() throws Exception {
    // A day ahead, so the scheduled accrual (on the real clock) never reaches these spans: the test
    // charges them by calling accrue at the times it chooses. Prices: ml.m5.large 0.115/h,
    // ml.c5.xlarge 0.204/h (application.yml).
    Instant t0 =
        Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    String sm = "sm-" + run;
    HostingChanged.Variant primary = new HostingChanged.Variant("primary", 1, "ml.m5.large", 2, 3);
    HostingChanged.Variant challenger =
        new HostingChanged.Variant("challenger", 2, "ml.c5.xlarge", 1, 1);
    sendHosting("h1-" + run, sm, "IN_SERVICE", t0, primary, challenger);
    // The same hosting routed a minute later: still the same capacity, started at t0.
    sendHosting("h1-" + run, sm, "ROUTED", t0.plusSeconds(60), primary, challenger);
    await().atMost(Duration.ofSeconds(30)).until(() -> capacityRows("h1-" + run) == 2);

    // The database outlives test runs: accrue charges any run's capacity, so count only ours.
    capacity.accrue(t0.plus(Duration.ofMinutes(30)));
    capacity.accrue(t0.plus(Duration.ofMinutes(30)));
    assertThat(capacityCharges("h1-" + run)).as("one slice per variant, charged once").isEqualTo(2);
    assertThat(capacityCost("h1-" + run, "primary")).isCloseTo(2 * 0.115 / 2, within(1e-9));
    assertThat(capacityCost("h1-" + run, "challenger")).isCloseTo(0.204 / 2, within(1e-9));

    // A hosting that failed before it ran costs nothing; a later one in service at t0 + 45 min
    // replaced the first one's configuration, which is charged up to then.
    sendHosting("h2-" + run, sm, "FAILED", t0.plus(Duration.ofMinutes(40)), primary);
    HostingChanged.Variant replacement =
        new HostingChanged.Variant("primary", 2, "ml.m5.large", 1, 1);
    sendHosting("h3-" + run, sm, "IN_SERVICE", t0.plus(Duration.ofMinutes(45)), replacement);
    await().atMost(Duration.ofSeconds(30)).until(() -> capacityRows("h3-" + run) == 1);
    assertThat(capacityRows("h2-" + run)).isZero();

    capacity.accrue(t0.plus(Duration.ofMinutes(60)));
    assertThat(capacityCost("h1-" + run, "primary")).isCloseTo(2 * 0.115 * 0.75, within(1e-9));
    assertThat(capacityCost("h1-" + run, "challenger")).isCloseTo(0.204 * 0.75, within(1e-9));
    assertThat(capacityCost("h3-" + run, "primary")).isCloseTo(0.115 / 4, within(1e-9));

    // Deleted at t0 + 90 min: nothing after that, however late the accrual runs.
    sendHosting("h3-" + run, sm, "DELETED", t0.plus(Duration.ofMinutes(90)), replacement);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from hosted_capacity where hosting_id = :h"
                                + " and ended_at is not null")
                        .param("h", "h3-" + run)
                        .query(Long.class)
                        .single()
                    == 1);
    capacity.accrue(t0.plus(Duration.ofHours(5)));
    assertThat(capacityCost("h3-" + run, "primary")).isCloseTo(0.115 * 0.75, within(1e-9));
    assertThat(capacityCost("h1-" + run, "primary")).isCloseTo(2 * 0.115 * 0.75, within(1e-9));

    // In the team's cost report as serving cost of the versions the variants ran.
    String viewer = TestJwts.bearer("alice", team, "viewer");
    Map<Integer, Double> byVersion = new HashMap<>();
    tools.jackson.databind.JsonNode report =
        json.readTree(
            mvc.perform(
                    get("/api/v1/cost-reports")
                        .param("by", "version")
                        .header("Authorization", viewer))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    report
        .path("items")
        .forEach(i -> byVersion.put(i.path("version").asInt(), i.path("servingCost").asDouble()));
    assertThat(byVersion).containsOnlyKeys(1, 2);
    assertThat(byVersion.get(1)).isCloseTo(0.1725, within(1e-9));
    assertThat(byVersion.get(2)).isCloseTo(0.153 + 0.08625, within(1e-9));
    // Over a period: the slices recorded in it (each is recorded when it ends).
    mvc.perform(
            get("/api/v1/cost-reports")
                .param("by", "version")
                .param("from", t0.plus(Duration.ofMinutes(50)).toString())
                .param("to", t0.plus(Duration.ofHours(2)).toString())
                .header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.from").value(t0.plus(Duration.ofMinutes(50)).toString()))
        .andExpect(jsonPath("$.items.length()").value(1))
        .andExpect(jsonPath("$.items[0].version").value(2))
        .andExpect(
            jsonPath("$.items[0].servingCost")
                .value(org.hamcrest.Matchers.closeTo(0.08625, 1e-9), Double.class));
  }

  @Test
  void capacityOfAnInstanceTypeWithoutAPriceWaitsUnchargedAndIsCounted() throws Exception {
    Instant t0 =
        Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    sendHosting(
        "h1-" + run,
        "sm-" + run,
        "IN_SERVICE",
        t0,
        new HostingChanged.Variant("primary", 1, "ml.p4d.24xlarge", 1, 1));
    await().atMost(Duration.ofSeconds(30)).until(() -> capacityRows("h1-" + run) == 1);
    double before =
        meters
            .counter("aifactory.monitoring.cost.unpriced", "instance_type", "ml.p4d.24xlarge")
            .count();

    capacity.accrue(t0.plus(Duration.ofHours(1)));

    assertThat(capacityCost("h1-" + run, "primary")).isZero();
    assertThat(
            meters
                .counter("aifactory.monitoring.cost.unpriced", "instance_type", "ml.p4d.24xlarge")
                .count())
        .isGreaterThan(before);
    assertThat(
            jdbc.sql("select accrued_to from hosted_capacity where hosting_id = :h")
                .param("h", "h1-" + run)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant())
        .as("left at its start, to be charged from there once priced")
        .isEqualTo(t0);
  }

  private void sendHosting(
      String hostingId, String sm, String status, Instant at, HostingChanged.Variant... variants)
      throws Exception {
    send(
        Topics.ENDPOINTS,
        endpoint,
        "endpoint.hosting-changed",
        UUID.randomUUID().toString(),
        new HostingChanged(
            team, endpoint, group, hostingId, sm, status, List.of(variants), null, at));
  }

  private long capacityRows(String hostingId) {
    return jdbc.sql("select count(*) from hosted_capacity where hosting_id = :h")
        .param("h", hostingId)
        .query(Long.class)
        .single();
  }

  private long capacityCharges(String hostingId) {
    return jdbc.sql("select count(*) from costs where source_id like :prefix")
        .param("prefix", "capacity:" + hostingId + ":%")
        .query(Long.class)
        .single();
  }

  private double capacityCost(String hostingId, String variant) {
    return jdbc.sql(
            "select coalesce(sum(amount), 0) from costs where kind = 'SERVING'"
                + " and source_id like :prefix")
        .param("prefix", "capacity:" + hostingId + ":" + variant + ":%")
        .query(Double.class)
        .single();
  }

  @Test
  void rejectsAnUnknownCostGrouping() throws Exception {
    mvc.perform(
            get("/api/v1/cost-reports")
                .param("by", "region")
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("by"));
  }

  @Test
  void rejectsACostPeriodThatIsNotAnInstantOrEndsBeforeItStarts() throws Exception {
    String viewer = TestJwts.bearer("alice", team, "viewer");
    mvc.perform(
            get("/api/v1/cost-reports").param("from", "last-month").header("Authorization", viewer))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("from"));
    mvc.perform(
            get("/api/v1/cost-reports")
                .param("from", "2026-11-02T00:00:00Z")
                .param("to", "2026-11-01T00:00:00Z")
                .header("Authorization", viewer))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("to"))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("[from, to)")));
  }

  @Test
  void rejectsAQualityPageSizeAboveTheMaximum() throws Exception {
    mvc.perform(
            get("/api/v1/quality")
                .param("size", "201")
                .header("Authorization", TestJwts.bearer("alice", team, "viewer")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("size"));
  }

  @Test
  void aCandidateWindowIsComparedWithTheChampionsWindowOverTheSameSpan() throws Exception {
    registerBaseline(1, Map.of("auc", 0.8));
    registerBaseline(2, Map.of("auc", 0.8));
    String rolloutId = "rollout-" + run;
    send(
        Topics.ENDPOINTS,
        endpoint,
        "endpoint.rollout-started",
        UUID.randomUUID().toString(),
        new RolloutStarted(
            team,
            endpoint,
            rolloutId,
            group,
            2,
            "canary",
            1,
            "primary",
            "canary",
            List.of(10, 100),
            0,
            "alice"));
    awaitRolloutTracked(rolloutId);
    Instant window = aWindowAhead();
    Random random = new Random(7);
    List<CapturedInference> records = new ArrayList<>();
    long spread = properties.windowLength().toMillis() - 1;
    for (int i = 0; i < 100; i++) {
      Instant at = window.plusMillis(i * spread / 100);
      double championScore = random.nextDouble();
      // champion: 10 ms, 5 % errors; candidate: 20 ms, 10 % errors, same class 80 % of the time
      records.add(
          new CapturedInference(
              "champ-" + i,
              endpoint,
              "primary",
              group,
              1,
              at,
              10,
              0.3,
              i % 20 == 0 ? 500 : 200,
              Map.of("x1", 0.0),
              championScore,
              null,
              null));
      double candidateScore = i % 5 == 0 ? 1 - championScore : championScore;
      records.add(
          new CapturedInference(
              "cand-" + i,
              endpoint,
              "canary",
              group,
              2,
              at,
              20,
              0.3,
              i % 10 == 0 ? 500 : 200,
              Map.of("x1", 0.0),
              candidateScore,
              0.5,
              new ShadowResult("primary", 1, championScore, 10, null)));
    }
    publishCaptures(
        UUID.randomUUID().toString(),
        new InferenceCaptured(team, endpoint, UUID.randomUUID().toString(), records));

    List<WindowEvaluated> evaluated = awaitWindowsEvaluated(2);
    WindowEvaluated candidate =
        evaluated.stream().filter(w -> w.variant().equals("canary")).findFirst().orElseThrow();
    WindowEvaluated champion =
        evaluated.stream().filter(w -> w.variant().equals("primary")).findFirst().orElseThrow();
    assertThat(champion.vsChampion()).isNull();
    assertThat(candidate.version()).isEqualTo(2);
    assertThat(candidate.windowFrom()).isEqualTo(champion.windowFrom());
    ChampionComparison vs = candidate.vsChampion();
    assertThat(vs.championVariant()).isEqualTo("primary");
    assertThat(vs.championVersion()).isEqualTo(1);
    assertThat(vs.championCount()).isEqualTo(100);
    assertThat(vs.latencyP99Ratio()).isEqualTo(2.0);
    assertThat(vs.errorRateDelta()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(vs.predictionDistance()).isNotNull().isGreaterThanOrEqualTo(0.0);
    // Every fifth candidate answer is the champion's flipped: a different class unless it sits
    // exactly at 0.5, so agreement is 80 %.
    assertThat(vs.predictionAgreement()).isEqualTo(0.8);

    // The candidate's captures were sampled at 50 %: its serving cost counts 200 predictions.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            "select predictions from costs where team = :team and kind = 'SERVING'"
                                + " and version = 2")
                        .param("team", team)
                        .query(Long.class)
                        .optional()
                        .orElse(0L)
                    == 200L);
  }

  @Test
  void aShadowOnlyCandidateGetsAWindowEvaluatedWithTheChampionComparisonFromTheMirroredRequests()
      throws Exception {
    registerBaseline(1, Map.of("auc", 0.8));
    registerBaseline(2, Map.of("auc", 0.8));
    String rolloutId = "shadow-" + run;
    send(
        Topics.ENDPOINTS,
        endpoint,
        "endpoint.rollout-started",
        UUID.randomUUID().toString(),
        new RolloutStarted(
            team,
            endpoint,
            rolloutId,
            group,
            2,
            "shadow",
            1,
            "primary",
            "shadow",
            List.of(0, 100),
            0,
            "alice"));
    awaitRolloutTracked(rolloutId);
    Instant window = aWindowAhead();
    Random random = new Random(9);
    List<CapturedInference> records = new ArrayList<>();
    long spread = properties.windowLength().toMillis() - 1;
    // Only the champion serves; every request is mirrored to the candidate (30 ms, every tenth
    // call failed, every fifth answer of a different class).
    for (int i = 0; i < 100; i++) {
      double championScore = random.nextDouble();
      double candidateScore = i % 5 == 0 ? 1 - championScore : championScore;
      records.add(
          new CapturedInference(
              "champ-" + i,
              endpoint,
              "primary",
              group,
              1,
              window.plusMillis(i * spread / 100),
              10,
              0.3,
              200,
              Map.of("x1", random.nextGaussian(), "x2", 10 + 3 * random.nextGaussian()),
              championScore,
              null,
              i % 10 == 1
                  ? new ShadowResult("shadow", 2, null, 2000, "timed out after 2000 ms")
                  : new ShadowResult("shadow", 2, candidateScore, 30, null)));
    }
    publishCaptures(
        UUID.randomUUID().toString(),
        new InferenceCaptured(team, endpoint, UUID.randomUUID().toString(), records));

    List<WindowEvaluated> evaluated = awaitWindowsEvaluated(2);
    WindowEvaluated champion =
        evaluated.stream().filter(w -> w.variant().equals("primary")).findFirst().orElseThrow();
    WindowEvaluated candidate =
        evaluated.stream().filter(w -> w.variant().equals("shadow")).findFirst().orElseThrow();
    assertThat(champion.vsChampion()).isNull();
    assertThat(candidate.version()).isEqualTo(2);
    assertThat(candidate.modelGroup()).isEqualTo(group);
    assertThat(candidate.windowFrom()).isEqualTo(champion.windowFrom());
    assertThat(candidate.windowTo()).isEqualTo(champion.windowTo());
    assertThat(candidate.count()).isEqualTo(100);
    assertThat(candidate.errorRate()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(candidate.features()).isNotEmpty(); // the mirrored features, vs v2's baseline
    ChampionComparison vs = candidate.vsChampion();
    assertThat(vs).isNotNull();
    assertThat(vs.championVariant()).isEqualTo("primary");
    assertThat(vs.championVersion()).isEqualTo(1);
    assertThat(vs.championCount()).isEqualTo(100);
    assertThat(vs.latencyP99Ratio()).isGreaterThan(1.0);
    assertThat(vs.errorRateDelta()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    // 90 answered copies; the 20 with i % 5 == 0 answered the other class (none sits at 0.5).
    assertThat(vs.predictionAgreement())
        .isCloseTo(70.0 / 90, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(vs.predictionDistance()).isNotNull();
  }

  @Test
  void aWindowOfAVariantWithoutARolloutHasNoChampionComparison() throws Exception {
    registerBaseline();
    publishCaptures(UUID.randomUUID().toString(), captures(aWindowAhead(), BATCH, 0.0, SEGMENTS));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receivedTypes()).contains("monitoring.window-evaluated"));
    assertThat(first("monitoring.window-evaluated", WindowEvaluated.class).vsChampion()).isNull();
  }

  @Test
  void aFastErrorBudgetBurnFiresEachBurnRateAlertOnceAndTheStatusShowsTheSpentBudget()
      throws Exception {
    registerBaseline();
    String engineer = TestJwts.bearer("alice", team, "ml-engineer");
    String created =
        mvc.perform(
                post("/api/v1/slos")
                    .header("Authorization", engineer)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(
                        "{\"endpoint\":\"%s\",\"objective\":\"latency\",\"target\":0.995,"
                                .formatted(endpoint)
                            + "\"latencyThresholdMs\":100}"))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.periodDays").value(30))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String sloId = json.readTree(created).get("id").asText();
    Instant window = aWindowAhead();

    // 10 % server errors: the budget of 0.5 % burns 20 times too fast, over every window.
    publishCaptures(UUID.randomUUID().toString(), captures(window, BATCH, 0.0, SEGMENTS));
    publishCaptures(
        UUID.randomUUID().toString(),
        captures(window.plus(properties.windowLength()), BATCH, 0.0, SEGMENTS));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                receivedTypes().stream().filter("monitoring.window-evaluated"::equals).count()
                    == 2);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> receivedTypes().stream().filter("monitoring.slo-violated"::equals).count() == 2);
    List<SloViolated> violations =
        received.stream()
            .filter(e -> e.is("monitoring.slo-violated"))
            .map(e -> e.data(json, SloViolated.class))
            .toList();
    assertThat(violations)
        .extracting(v -> v.longWindow() + "/" + v.shortWindow() + "@" + v.threshold())
        .containsExactlyInAnyOrder("1h/5m@14.4", "6h/30m@6.0");
    SloViolated fast = violations.get(0);
    assertThat(fast.sloId()).isEqualTo(sloId);
    assertThat(fast.objective()).isEqualTo("latency < 100 ms");
    assertThat(fast.target()).isEqualTo(0.995);
    assertThat(fast.burnRateLong()).isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-6));
    // Still burning in the second window, but each alert was published once.
    assertThat(outboxEvents("dev.aifactory.monitoring.slo-violated.v1")).isEqualTo(2);
    mvc.perform(get("/api/v1/violations").param("kind", "slo").header("Authorization", engineer))
        .andExpect(jsonPath("$.total").value(2));

    mvc.perform(get("/api/v1/slos/" + sloId + "/status").header("Authorization", engineer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(2 * BATCH))
        .andExpect(
            jsonPath("$.burnRates['1h']")
                .value(org.hamcrest.Matchers.closeTo(20.0, 1e-6), Double.class))
        .andExpect(
            jsonPath("$.errorBudgetRemaining")
                .value(org.hamcrest.Matchers.closeTo(-19.0, 1e-6), Double.class))
        .andExpect(jsonPath("$.alerts[0].firing").value(true));
    mvc.perform(
            get("/api/v1/slos/" + sloId + "/status")
                .header("Authorization", TestJwts.bearer("mallory", "other-" + run, "viewer")))
        .andExpect(status().isNotFound());
  }

  @Test
  void slosAreTeamScopedAndInvalidDefinitionsAreRejectedWithTheField() throws Exception {
    String engineer = TestJwts.bearer("alice", team, "ml-engineer");
    String viewer = TestJwts.bearer("victor", team, "viewer");
    String stranger = TestJwts.bearer("mallory", "other-" + run, "ml-engineer");
    String body =
        "{\"endpoint\":\"%s\",\"name\":\"avail\",\"objective\":\"availability\",\"target\":0.999}"
            .formatted(endpoint);
    mvc.perform(
            post("/api/v1/slos")
                .header("Authorization", viewer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isForbidden());
    String id =
        json.readTree(
                mvc.perform(
                        post("/api/v1/slos")
                            .header("Authorization", engineer)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isCreated())
                    .andReturn()
                    .getResponse()
                    .getContentAsString())
            .get("id")
            .asText();
    for (String[] bad :
        new String[][] {
          {"{\"endpoint\":\"e\",\"objective\":\"availability\",\"target\":1.5}", "target"},
          {"{\"endpoint\":\"e\",\"objective\":\"latency\",\"target\":0.99}", "latencyThresholdMs"},
          {"{\"endpoint\":\"e\",\"objective\":\"speed\",\"target\":0.99}", "objective"},
          {"{\"objective\":\"availability\",\"target\":0.99}", "endpoint"},
          {
            "{\"endpoint\":\"e\",\"objective\":\"availability\",\"target\":0.99,\"periodDays\":0}",
            "periodDays"
          }
        }) {
      mvc.perform(
              put("/api/v1/slos/" + id)
                  .header("Authorization", engineer)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(bad[0]))
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.errors[0].field").value(bad[1]));
    }
    // Rejected updates changed nothing.
    mvc.perform(get("/api/v1/slos/" + id).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.target").value(0.999))
        .andExpect(jsonPath("$.objective").value("availability"));
    mvc.perform(get("/api/v1/slos").header("Authorization", stranger))
        .andExpect(jsonPath("$.total").value(0));
    mvc.perform(get("/api/v1/slos/" + id).header("Authorization", stranger))
        .andExpect(status().isNotFound());
    mvc.perform(
            put("/api/v1/slos/" + id)
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body.replace("0.999", "0.99")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.target").value(0.99));
    mvc.perform(get("/api/v1/slos").param("endpoint", endpoint).header("Authorization", viewer))
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].name").value("avail"));
    mvc.perform(delete("/api/v1/slos/" + id).header("Authorization", stranger))
        .andExpect(status().isNotFound());
    mvc.perform(delete("/api/v1/slos/" + id).header("Authorization", engineer))
        .andExpect(status().isNoContent());
    mvc.perform(get("/api/v1/slos/" + id).header("Authorization", engineer))
        .andExpect(status().isNotFound());
  }

  @Test
  void anEndpointsMonitorSetsItsWindowLengthAndMinimumSamples() throws Exception {
    registerBaseline();
    String engineer = TestJwts.bearer("alice", team, "ml-engineer");
    String id =
        json.readTree(
                mvc.perform(
                        post("/api/v1/monitors")
                            .header("Authorization", engineer)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(
                                "{\"endpoint\":\"%s\",\"windowLengthSeconds\":4,\"minSamples\":500}"
                                    .formatted(endpoint)))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.thresholds.mode").value("calibrated"))
                    .andExpect(jsonPath("$.methods.numeric").value("auto"))
                    .andReturn()
                    .getResponse()
                    .getContentAsString())
            .get("id")
            .asText();

    publishCaptures(UUID.randomUUID().toString(), captures(aWindowAhead(), BATCH, 2.0, SEGMENTS));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(
                        get("/api/v1/monitors/" + id + "/windows")
                            .header("Authorization", engineer))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.total").value(org.hamcrest.Matchers.greaterThan(0)))
                    .andExpect(
                        jsonPath("$.items[*].status")
                            .value(
                                org.hamcrest.Matchers.everyItem(
                                    org.hamcrest.Matchers.is("INSUFFICIENT_DATA")))));
    List<Long> lengths =
        jdbc.sql(
                "select extract(epoch from window_end - window_start)::bigint from windows"
                    + " where team = :team")
            .param("team", team)
            .query(Long.class)
            .list();
    assertThat(lengths).isNotEmpty().containsOnly(4L);
    // 120 captures are fewer than the monitor's 500: no drift statistics, no event.
    assertThat(outboxEvents("dev.aifactory.monitoring.window-evaluated.v1")).isZero();
    mvc.perform(
            get("/api/v1/monitors/" + id + "/windows")
                .header("Authorization", TestJwts.bearer("mallory", "other-" + run, "viewer")))
        .andExpect(status().isNotFound());
  }

  @Test
  void rejectsAMonitorWithZeroLengthOrThresholdsOutOfRangeWithTheFieldAndKeepsIt()
      throws Exception {
    String engineer = TestJwts.bearer("alice", team, "ml-engineer");
    String create = "{\"endpoint\":\"%s\",\"thresholds\":{\"pValue\":0.01}}".formatted(endpoint);
    mvc.perform(
            post("/api/v1/monitors")
                .header("Authorization", TestJwts.bearer("victor", team, "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(create))
        .andExpect(status().isForbidden());
    String id =
        json.readTree(
                mvc.perform(
                        post("/api/v1/monitors")
                            .header("Authorization", engineer)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(create))
                    .andExpect(status().isCreated())
                    .andReturn()
                    .getResponse()
                    .getContentAsString())
            .get("id")
            .asText();
    mvc.perform(
            post("/api/v1/monitors")
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(create))
        .andExpect(status().isConflict());
    for (String[] bad :
        new String[][] {
          {"{\"windowLengthSeconds\":0}", "windowLengthSeconds"},
          {"{\"minSamples\":0}", "minSamples"},
          {"{\"thresholds\":{\"pValue\":1.5}}", "thresholds.pValue"},
          {"{\"thresholds\":{\"distance\":-0.1}}", "thresholds.distance"},
          {"{\"thresholds\":{\"driftShare\":0}}", "thresholds.driftShare"},
          {"{\"thresholds\":{\"mode\":\"guessed\"}}", "thresholds.mode"},
          {"{\"methods\":{\"categorical\":\"ks\"}}", "methods.categorical"},
          {"{\"methods\":{\"numeric\":\"magic\"}}", "methods.numeric"}
        }) {
      mvc.perform(
              put("/api/v1/monitors/" + id)
                  .header("Authorization", engineer)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(bad[0]))
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.errors[0].field").value(bad[1]));
    }
    mvc.perform(get("/api/v1/monitors/" + id).header("Authorization", engineer))
        .andExpect(jsonPath("$.thresholds.pValue").value(0.01))
        .andExpect(jsonPath("$.windowLengthSeconds").value(properties.windowLength().toSeconds()));
    mvc.perform(
            put("/api/v1/monitors/" + id)
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"methods\":{\"numeric\":\"wasserstein\"},\"minSamples\":10}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.methods.numeric").value("wasserstein"))
        .andExpect(jsonPath("$.minSamples").value(10));
    mvc.perform(get("/api/v1/monitors").header("Authorization", engineer))
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].endpoint").value(endpoint));
    mvc.perform(
            get("/api/v1/monitors")
                .header("Authorization", TestJwts.bearer("mallory", "other-" + run, "viewer")))
        .andExpect(jsonPath("$.total").value(0));
    mvc.perform(get("/api/v1/violations").param("kind", "bogus").header("Authorization", engineer))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("kind"));
    mvc.perform(delete("/api/v1/monitors/" + id).header("Authorization", engineer))
        .andExpect(status().isNoContent());
    mvc.perform(get("/api/v1/monitors/" + id).header("Authorization", engineer))
        .andExpect(status().isNotFound());
  }

  @Test
  void retentionDropsPartitionsOfOldWindowsWithTheirCapturesAndKeepsNewOnes() throws Exception {
    Instant old = Instant.parse("2020-03-10T12:00:00Z");
    partitions.create(
        new WindowPartitions.Partition(
            "windows_p20200301",
            Instant.parse("2020-03-01T00:00:00Z"),
            Instant.parse("2020-04-01T00:00:00Z")));
    Instant older = Instant.parse("2019-06-01T00:00:00Z"); // no partition: the default one
    Instant recent = aWindowAhead();
    List<UUID> ids = new ArrayList<>();
    for (Instant start : List.of(old, older, recent)) {
      UUID id =
          tx.execute(
              status -> {
                MonitoringWindow w =
                    windowStore.openForAppend(
                        new WindowKey(
                            team,
                            endpoint,
                            "primary",
                            group,
                            1,
                            start,
                            start.plus(properties.windowLength())));
                captureStore.append(
                    w.id(),
                    List.of(
                        new CapturedInference(
                            "req-" + UUID.randomUUID(),
                            endpoint,
                            "primary",
                            group,
                            1,
                            start,
                            5,
                            0.1,
                            200,
                            Map.of("x1", 1.0),
                            0.4)));
                return w.id();
              });
      ids.add(id);
    }

    WindowRetention.Outcome outcome = windowRetention.maintain(Instant.now());

    assertThat(outcome.dropped()).contains("windows_p20200301");
    assertThat(windowsOf(ids.get(0))).isZero();
    assertThat(windowsOf(ids.get(1))).isZero();
    assertThat(windowsOf(ids.get(2))).isEqualTo(1);
    assertThat(capturesOf(ids.get(0)) + capturesOf(ids.get(1))).isZero();
    assertThat(capturesOf(ids.get(2))).isEqualTo(1);
    // The current partition and the ones ahead exist, so new windows never wait for DDL.
    Instant ahead = Instant.now().plus(Duration.ofDays(31L * properties.partitionsAhead()));
    assertThat(partitions.list())
        .anySatisfy(p -> assertThat(p.to()).isAfter(ahead))
        .noneSatisfy(p -> assertThat(p.name()).isEqualTo("windows_p20200301"));
  }

  private long windowsOf(UUID id) {
    return jdbc.sql("select count(*) from windows where id = :id")
        .param("id", id)
        .query(Long.class)
        .single();
  }

  private long capturesOf(UUID id) {
    return jdbc.sql("select count(*) from captures where window_id = :id")
        .param("id", id)
        .query(Long.class)
        .single();
  }

  // --- fixtures -------------------------------------------------------------------------------

  private record WindowQualityRow(Map<String, Object> metrics, List<String> degraded) {}

  @SuppressWarnings("unchecked")
  private WindowQualityRow qualityRow(String source) {
    return jdbc.sql(
            "select metrics::text as m, degraded::text as d from window_quality"
                + " where team = :team and source = :source")
        .param("team", team)
        .param("source", source)
        .query(
            (rs, n) ->
                new WindowQualityRow(
                    json.readValue(rs.getString("m"), Map.class),
                    List.of(json.readValue(rs.getString("d"), String[].class))))
        .single();
  }

  private java.util.Optional<QualityDegraded> measuredAucDrop() {
    return received.stream()
        .filter(e -> e.is("monitoring.quality-degraded"))
        .map(e -> e.data(json, QualityDegraded.class))
        .filter(q -> q.metric().equals("auc") && !q.estimated())
        .findFirst();
  }

  private long groundTruthRows() {
    return jdbc.sql("select count(*) from ground_truth where team = :team")
        .param("team", team)
        .query(Long.class)
        .single();
  }

  private void registerBaseline() throws Exception {
    registerBaseline(Map.of("auc", 0.8));
  }

  private void registerBaseline(Map<String, Double> metrics) throws Exception {
    registerBaseline(1, metrics);
  }

  private void registerBaseline(int version, Map<String, Double> metrics) throws Exception {
    Random random = new Random(42);
    List<Double> predictions = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      predictions.add(random.nextDouble());
    }
    DriftBaseline baseline =
        new DriftBaseline(
            List.of(
                TrainingProfile.numeric("x1", TrainingProfile.gaussian(random, 500, 0, 1)),
                TrainingProfile.numeric("x2", TrainingProfile.gaussian(random, 500, 10, 3)),
                TrainingProfile.categorical("segment", SEGMENTS, 500)),
            TrainingProfile.numeric(
                "prediction", predictions.stream().mapToDouble(Double::doubleValue).toArray()));
    ModelVersionRegistered registered =
        new ModelVersionRegistered(
            team,
            group,
            version,
            "run-" + run,
            "ds-" + run,
            1,
            "binary",
            "churned",
            metrics,
            "file:///tmp/model.ubj",
            "file:///tmp/baseline.json",
            List.of(),
            List.of(
                new FeatureSpec("x1", "numeric", null),
                new FeatureSpec("x2", "numeric", null),
                new FeatureSpec("segment", "categorical", List.of("a", "b", "c"))),
            baseline,
            "data");
    send(
        Topics.MODELS, group, "model.version-registered", UUID.randomUUID().toString(), registered);
    String owner = TestJwts.bearer("alice", team, "viewer");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(
                        get("/api/v1/baselines/" + group + "/" + version)
                            .header("Authorization", owner))
                    .andExpect(status().isOk()));
  }

  /** Start of a window far enough ahead that every batch of a test lands before it closes. */
  private Instant aWindowAhead() {
    TumblingWindows windows = new TumblingWindows(properties.windowLength());
    return windows.startOf(Instant.now()).plus(properties.windowLength().multipliedBy(2));
  }

  private InferenceCaptured captures(
      Instant window, int n, double sigmaShift, Map<String, Double> segments) {
    Random random = new Random(n * 31L + (long) (sigmaShift * 7));
    List<CapturedInference> records = new ArrayList<>();
    long spread = properties.windowLength().toMillis() - 1;
    for (int i = 0; i < n; i++) {
      Map<String, Object> features = new HashMap<>();
      features.put("x1", random.nextGaussian() + sigmaShift);
      features.put("x2", 10 + 3 * (random.nextGaussian() + sigmaShift));
      features.put("segment", TrainingProfile.pick(random, segments));
      records.add(
          new CapturedInference(
              "req-" + UUID.randomUUID(),
              endpoint,
              "primary",
              group,
              1,
              window.plusMillis(i * spread / n),
              5 + random.nextDouble() * 20,
              0.3,
              i % 10 == 0 ? 500 : 200,
              features,
              random.nextDouble()));
    }
    return new InferenceCaptured(team, endpoint, UUID.randomUUID().toString(), records);
  }

  private void publishCaptures(String eventId, InferenceCaptured batch) throws Exception {
    send(Topics.INFERENCE_CAPTURES, endpoint, "inference.captured", eventId, batch);
  }

  private void send(String topic, String key, String type, String eventId, Object payload)
      throws Exception {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(topic, key, json.writeValueAsString(payload));
    header(record, "ce_specversion", "1.0");
    header(record, "ce_id", eventId);
    header(record, "ce_type", "dev.aifactory." + type + ".v1");
    header(record, "ce_source", "/monitoring-it");
    header(record, "ce_subject", key);
    header(record, "content-type", "application/json");
    kafka.send(record).get(10, TimeUnit.SECONDS);
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> receivedTypes() {
    for (ConsumerRecord<String, String> r : monitoringEvents.poll(Duration.ofMillis(200))) {
      if (endpoint.equals(r.key()) || group.equals(r.key())) {
        received.add(IncomingEvent.from(r));
      }
    }
    return received.stream().map(IncomingEvent::shortType).toList();
  }

  private <T> T first(String type, Class<T> payload) {
    return received.stream()
        .filter(e -> e.is(type))
        .findFirst()
        .map(e -> e.data(json, payload))
        .orElseThrow();
  }

  private long outboxEvents(String type) {
    return jdbc.sql("select count(*) from outbox where team = :team and event_type = :type")
        .param("team", team)
        .param("type", type)
        .query(Long.class)
        .single();
  }

  private Counter captureCounter(String outcome) {
    return meters.counter(
        "aifactory.monitoring.captures", "endpoint", endpoint, "outcome", outcome);
  }

  /** Waits until monitoring has recorded the rollout from its endpoint.rollout-started event. */
  private void awaitRolloutTracked(String rolloutId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("select count(*) from rollouts where rollout_id = :id")
                        .param("id", rolloutId)
                        .query(Long.class)
                        .single()
                    == 1);
  }

  /** Waits for {@code count} monitoring.window-evaluated events and returns them. */
  private List<WindowEvaluated> awaitWindowsEvaluated(int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                receivedTypes().stream().filter("monitoring.window-evaluated"::equals).count()
                    == count);
    return received.stream()
        .filter(e -> e.is("monitoring.window-evaluated"))
        .map(e -> e.data(json, WindowEvaluated.class))
        .toList();
  }
}
