package dev.aifactory.benchmarks.monitoring;

import static dev.aifactory.benchmarks.monitoring.DriftBenchmark.say;

import dev.aifactory.benchmarks.ServerProcesses;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.testing.TestJwts;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sustained capture ingest: does monitoring keep up with the gateway's maximum capture rate?
 *
 * <p>The real monitoring-service jar ({@code -Xmx1g}, default window length 60 s and lateness 5 s,
 * so windows close and are evaluated while ingesting) on the local PostgreSQL database {@code
 * aifactory_test}, Kafka from an in-JVM broker. Captures shaped like the gateway's (batches of
 * {@code bench.batch} = 100 records, the gateway's capture batch size; the churn model's features:
 * {@code bench.numeric} numeric features plus one categorical, each with a 1,000-value reference
 * sample, so the drift sketches are built at ingest) are published at a paced rate — {@code
 * bench.rate} (2,000 rows/s, about the gateway's saturation throughput, see "Gateway overhead" in
 * docs/benchmarks.md) times each of {@code bench.steps} (1,2,4) — for {@code bench.stepSeconds}
 * (60) each, timestamped now. Every second the consumer group's lag (AdminClient: end offsets −
 * committed offsets) is sampled. Per step: rows/s published and consumed, lag max and at the end,
 * and the slope of the lag over the step's second half (a backlog that keeps growing has a positive
 * slope; a bounded one is flat). Afterwards the time to drain and the service's late (dropped)
 * capture count.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -pl monitoring-service package
 * -DskipTests}: {@code ./mvnw -q -pl benchmarks compile exec:java
 * -Dexec.mainClass=dev.aifactory.benchmarks.monitoring.SustainedIngestBenchmark}.
 */
public final class SustainedIngestBenchmark {

  private static final String TEAM = "bench";
  private static final int REFERENCE = 1_000;
  private static final Map<String, Double> PLANS = Map.of("basic", 0.5, "pro", 0.35, "max", 0.15);
  private static final Pattern CAPTURES =
      Pattern.compile(
          "^aifactory_monitoring_captures_total\\{[^}]*outcome=\"(\\w+)\"[^}]*} ([0-9.eE+]+)$");

  private final JsonMapper json = JsonMapper.builder().build();

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("aifactory-ingest");
    int status = 0;
    try (ServerProcesses servers = new ServerProcesses(work)) {
      new SustainedIngestBenchmark().run(work, servers);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      cleanUp();
    }
    System.exit(status);
  }

  private record Sample(double seconds, long lagRows, long consumedRows) {}

  private record StepResult(
      int rate,
      double publishedPerSecond,
      double consumedPerSecond,
      long maxLag,
      long endLag,
      double slope,
      boolean bounded) {}

  private void run(Path work, ServerProcesses servers) throws Exception {
    int baseRate = Integer.getInteger("bench.rate", 2_000);
    int batch = Integer.getInteger("bench.batch", 100);
    int numeric = Integer.getInteger("bench.numeric", 2);
    int stepSeconds = Integer.getInteger("bench.stepSeconds", 60);
    List<Integer> multipliers = new ArrayList<>();
    for (String m : System.getProperty("bench.steps", "1,2,4").split(",")) {
      multipliers.add(Integer.parseInt(m.trim()));
    }
    say("machine: %d cores, load %s", Runtime.getRuntime().availableProcessors(), load());
    say(
        "batches of %d rows, %d numeric + 1 categorical features, steps %s x %d rows/s, %d s each",
        batch, numeric, multipliers, baseRate, stepSeconds);

    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.afterPropertiesSet();
    String brokers = kafka.getBrokersAsString();
    try {
      int port = DriftBenchmark.freePort();
      Path publicKey = work.resolve("jwt.pub");
      try (InputStream in = TestJwts.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
        Files.write(publicKey, in.readAllBytes());
      }
      Path log =
          servers.start(
              "monitoring",
              List.of(
                  DriftBenchmark.java(),
                  "-Xmx1g",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-jar",
                  DriftBenchmark.jar().toString(),
                  "--server.port=" + port,
                  "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                      + publicKey,
                  "--aifactory.monitoring.budgets.enabled=false"),
              Map.of(
                  "AIFACTORY_DB_NAME",
                  "aifactory_test",
                  "AIFACTORY_KAFKA_BOOTSTRAP",
                  brokers,
                  "AIFACTORY_DATA_DIR",
                  work.resolve("data").toString()));
      String base = "http://127.0.0.1:" + port;
      servers.awaitUp(base + "/actuator/health", Duration.ofSeconds(180));
      say("monitoring-service up (log %s)", log);

      String suffix = UUID.randomUUID().toString().substring(0, 8);
      String group = "ingest-bench-" + suffix;
      String endpoint = "ingest-bench-" + suffix;
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
      props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
      try (KafkaProducer<String, String> producer =
              new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
          AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", brokers))) {
        register(producer, group, numeric);
        DriftBenchmark.awaitBaseline(base, group);
        // Warm-up: 10 s at the base rate, so the first step does not measure JIT compilation.
        Random random = new Random(7);
        long[] row = {0};
        publish(producer, endpoint, group, numeric, batch, baseRate, 10, random, row, admin, null);
        drain(admin, batch, Duration.ofSeconds(120));
        Map<String, Double> before = captureCounts(base);

        List<StepResult> results = new ArrayList<>();
        for (int multiplier : multipliers) {
          int rate = baseRate * multiplier;
          List<Sample> samples = new ArrayList<>();
          long rowsBefore = row[0];
          long start = System.nanoTime();
          publish(
              producer,
              endpoint,
              group,
              numeric,
              batch,
              rate,
              stepSeconds,
              random,
              row,
              admin,
              samples);
          double seconds = (System.nanoTime() - start) / 1e9;
          StepResult result = result(rate, (row[0] - rowsBefore) / seconds, samples);
          results.add(result);
          say(
              "step %d rows/s: published %.0f rows/s, consumed %.0f rows/s, lag max %d rows, at"
                  + " end %d rows, slope over 2nd half %+.1f rows/s -> %s",
              rate,
              result.publishedPerSecond(),
              result.consumedPerSecond(),
              result.maxLag(),
              result.endLag(),
              result.slope(),
              result.bounded() ? "bounded" : "GROWING");
        }
        double drainSeconds = drain(admin, batch, Duration.ofSeconds(600));
        Map<String, Double> after = captureCounts(base);
        say("");
        say("RESULT sustained ingest (batches of %d, load after run %s)", batch, load());
        say("| rate (rows/s) | published | consumed | lag max (rows) | lag at end | slope | |");
        for (StepResult r : results) {
          say(
              "| %d | %.0f | %.0f | %d | %d | %+.1f rows/s | %s |",
              r.rate(),
              r.publishedPerSecond(),
              r.consumedPerSecond(),
              r.maxLag(),
              r.endLag(),
              r.slope(),
              r.bounded() ? "bounded" : "growing");
        }
        say(
            "drained %.1f s after the last step; captures accepted %.0f, late (dropped) %.0f",
            drainSeconds,
            after.getOrDefault("accepted", 0.0) - before.getOrDefault("accepted", 0.0),
            after.getOrDefault("late", 0.0) - before.getOrDefault("late", 0.0));
      }
    } finally {
      kafka.destroy();
    }
  }

  /**
   * Bounded: the lag at the step's end is under two seconds of traffic and does not keep growing
   * (least-squares slope over the second half under 2 % of the rate).
   */
  private static StepResult result(int rate, double published, List<Sample> samples) {
    long max = samples.stream().mapToLong(Sample::lagRows).max().orElse(0);
    long end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).lagRows();
    List<Sample> half = samples.subList(samples.size() / 2, samples.size());
    double slope = slope(half);
    double consumed =
        samples.size() < 2
            ? 0
            : (samples.get(samples.size() - 1).consumedRows() - samples.get(0).consumedRows())
                / (samples.get(samples.size() - 1).seconds() - samples.get(0).seconds());
    boolean bounded = end < 2L * rate && slope < 0.02 * rate;
    return new StepResult(rate, published, consumed, max, end, slope, bounded);
  }

  private static double slope(List<Sample> samples) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double mx = samples.stream().mapToDouble(Sample::seconds).average().orElse(0);
    double my = samples.stream().mapToDouble(Sample::lagRows).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (Sample s : samples) {
      sxy += (s.seconds() - mx) * (s.lagRows() - my);
      sxx += (s.seconds() - mx) * (s.seconds() - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  /**
   * Publishes {@code rate} rows/s for {@code seconds}, one batch every {@code batch / rate} s on a
   * fixed schedule (a late send does not shift the ones after it); samples the lag every second.
   */
  private void publish(
      KafkaProducer<String, String> producer,
      String endpoint,
      String group,
      int numeric,
      int batch,
      int rate,
      int seconds,
      Random random,
      long[] row,
      AdminClient admin,
      List<Sample> samples)
      throws Exception {
    long intervalNanos = (long) (batch * 1e9 / rate);
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long nextSample = start + 1_000_000_000L;
    long consumedBase = samples == null ? 0 : committed(admin);
    for (long k = 0; ; k++) {
      long due = start + k * intervalNanos;
      if (due >= end) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String payload = batchJson(endpoint, group, row[0], batch, numeric, random);
      row[0] += batch;
      ProducerRecord<String, String> record =
          new ProducerRecord<>(Topics.INFERENCE_CAPTURES, endpoint, payload);
      DriftBenchmark.headers(
          record, UUID.randomUUID().toString(), "dev.aifactory.inference.captured.v1", endpoint);
      producer.send(record);
      if (samples != null && System.nanoTime() >= nextSample) {
        long lag = DriftBenchmark.lag(admin) * batch;
        samples.add(
            new Sample(
                (System.nanoTime() - start) / 1e9, lag, (committed(admin) - consumedBase) * batch));
        nextSample += 1_000_000_000L;
      }
    }
    producer.flush();
  }

  /** Batches the monitoring group has committed, over all partitions. */
  private static long committed(AdminClient admin) throws Exception {
    return admin
        .listConsumerGroupOffsets("monitoring")
        .partitionsToOffsetAndMetadata()
        .get()
        .values()
        .stream()
        .mapToLong(o -> o == null ? 0 : o.offset())
        .sum();
  }

  /** Waits until the lag is zero; returns how long that took (s). */
  private static double drain(AdminClient admin, int batch, Duration timeout) throws Exception {
    long start = System.nanoTime();
    while (DriftBenchmark.lag(admin) > 0) {
      if (System.nanoTime() - start > timeout.toNanos()) {
        throw new IllegalStateException("consumer lag did not drain within " + timeout);
      }
      Thread.sleep(200);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static String batchJson(
      String endpoint, String group, long from, int n, int numeric, Random random) {
    StringBuilder b = new StringBuilder(n * (numeric + 1) * 24 + 256);
    b.append("{\"team\":\"").append(TEAM).append("\",\"endpoint\":\"").append(endpoint);
    b.append("\",\"batchId\":\"").append(UUID.randomUUID()).append("\",\"records\":[");
    Instant now = Instant.now();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"requestId\":\"r").append(from + i).append("\",\"endpoint\":\"").append(endpoint);
      b.append("\",\"variant\":\"primary\",\"modelGroup\":\"").append(group);
      b.append("\",\"version\":1,\"timestamp\":\"").append(now);
      b.append("\",\"latencyMs\":").append(2 + random.nextInt(15));
      b.append(",\"overheadMs\":0.3,\"status\":200,\"sampleRate\":1.0,\"features\":{");
      for (int f = 0; f < numeric; f++) {
        b.append("\"f").append(f).append("\":").append((float) random.nextGaussian()).append(',');
      }
      double u = random.nextDouble();
      b.append("\"plan\":\"").append(u < 0.5 ? "basic" : u < 0.85 ? "pro" : "max").append("\"}");
      b.append(",\"prediction\":").append((float) random.nextDouble()).append('}');
    }
    return b.append("]}").toString();
  }

  private void register(KafkaProducer<String, String> producer, String group, int numeric)
      throws Exception {
    Random random = new Random(42);
    List<FeatureBaseline> features = new ArrayList<>();
    List<FeatureSpec> schema = new ArrayList<>();
    for (int f = 0; f < numeric; f++) {
      double[] sample = new double[REFERENCE];
      for (int i = 0; i < REFERENCE; i++) {
        sample[i] = random.nextGaussian();
      }
      features.add(DriftBenchmark.numeric("f" + f, sample));
      schema.add(new FeatureSpec("f" + f, "numeric", null));
    }
    features.add(
        new FeatureBaseline(
            "plan", "categorical", REFERENCE, 0, 0, null, null, null, new LinkedHashMap<>(PLANS)));
    schema.add(new FeatureSpec("plan", "categorical", null));
    DriftBenchmark.publishVersion(producer, json, group, features, schema, random);
  }

  /** The service's capture counters by outcome, summed over endpoints (Prometheus scrape). */
  private static Map<String, Double> captureCounts(String base) throws Exception {
    String scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> counts = new LinkedHashMap<>();
    for (String line : scrape.split("\n")) {
      Matcher m = CAPTURES.matcher(line);
      if (m.matches()) {
        counts.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return counts;
  }

  private static String load() {
    return DriftBenchmark.load();
  }

  /** Deletes the run's rows from {@code aifactory_test}. */
  private static void cleanUp() {
    try (var db =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/aifactory_test", "aifactory", "aifactory");
        var statement = db.createStatement()) {
      String runs = "team = 'bench' and model_group like 'ingest-bench-%'";
      String windows = " (select id from monitoring.windows where " + runs + ")";
      statement.executeUpdate("delete from monitoring.captures where window_id in" + windows);
      statement.executeUpdate(
          "delete from monitoring.window_aggregates where window_id in" + windows);
      statement.executeUpdate("delete from monitoring.windows where " + runs);
      statement.executeUpdate("delete from monitoring.baselines where " + runs);
    } catch (java.sql.SQLException e) {
      say("clean-up of the run's rows failed: %s", e.getMessage());
    }
  }
}
