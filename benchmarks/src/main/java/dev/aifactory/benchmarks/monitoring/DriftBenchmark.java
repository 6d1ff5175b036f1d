package dev.aifactory.benchmarks.monitoring;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.testing.TestJwts;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drift of {@code bench.rows} (1,000,000) captured rows × {@code bench.features} (50) numeric
 * features, side by side in one run:
 *
 * <ol>
 *   <li>the real monitoring-service jar as its own JVM ({@code -Xmx1g}, exits on OOM) on the local
 *       PostgreSQL database {@code aifactory_test} and an in-JVM Kafka broker: the baseline is
 *       registered, the rows are published as {@code inference.captured} batches timestamped into
 *       one window, and the time from the window's due time to {@code monitoring.window-evaluated}
 *       is measured, with the service's heap (from its Prometheus scrape), and the sustained ingest
 *       (rows/s, the consumer group's lag sampled every second);
 *   <li>a naive exact implementation in this JVM: every feature's window column materialised and
 *       compared with the reference by the exact two-sample KS test (sorting).
 * </ol>
 *
 * <p>Half of the features are shifted by 0.5 σ, so the window drifts. Run from the repository root,
 * after {@code ./mvnw -q -pl monitoring-service package -DskipTests} and {@code ./mvnw -q -pl
 * benchmarks compile dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp}: {@code java
 * -Xmx4g -cp benchmarks/target/classes:$(cat /tmp/bench.cp)
 * dev.aifactory.benchmarks.monitoring.DriftBenchmark} (the exec plugin's main class is fixed in the
 * benchmarks pom). Knobs: {@code -Dbench.rows}, {@code -Dbench.features}, {@code -Dbench.batch},
 * {@code -Dbench.windowSeconds} (the window length; the ingest must finish within it). The
 * service's captures of the run stay in {@code aifactory_test} until purged (7 days).
 */
public final class DriftBenchmark {

  private static final String TEAM = "bench";
  private static final int REFERENCE = 1_000;
  private static final Pattern HEAP =
      Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)$");
  private static final Pattern LATE =
      Pattern.compile(
          "^aifactory_monitoring_captures_total\\{[^}]*outcome=\"late\"[^}]*} ([0-9.eE+]+)$");

  private final JsonMapper json = JsonMapper.builder().build();
  private final Path work;
  private Process service;

  private DriftBenchmark(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    DriftBenchmark benchmark = new DriftBenchmark(Files.createTempDirectory("aifactory-drift"));
    int status = 0;
    try {
      benchmark.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      benchmark.stop();
      benchmark.cleanUp();
    }
    System.exit(status);
  }

  private void run() throws Exception {
    int rows = Integer.getInteger("bench.rows", 1_000_000);
    int features = Integer.getInteger("bench.features", 50);
    int batch = Integer.getInteger("bench.batch", 500);
    int desiredWindow = Integer.getInteger("bench.windowSeconds", 300);
    say("machine: %d cores, load %s", Runtime.getRuntime().availableProcessors(), load());
    say("rows %d x features %d, batches of %d", rows, features, batch);

    Random random = new Random(42);
    double[][] reference = new double[features][REFERENCE];
    for (double[] column : reference) {
      for (int i = 0; i < REFERENCE; i++) {
        column[i] = random.nextGaussian();
      }
    }

    // --- naive exact, in this JVM ---------------------------------------------------------
    System.gc();
    long heapBefore = usedHeap();
    long naiveStart = System.nanoTime();
    double[][] columns = new double[features][rows];
    Random data = new Random(7);
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < features; f++) {
        columns[f][r] = data.nextGaussian() + shift(f);
      }
    }
    long materialised = System.nanoTime();
    long heapNaive = usedHeap() - heapBefore;
    boolean[] naiveDrift = new boolean[features];
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    for (int f = 0; f < features; f++) {
      naiveDrift[f] = ks.kolmogorovSmirnovTest(reference[f], columns[f]) < 0.05;
    }
    long naiveEnd = System.nanoTime();
    columns = null;
    double naiveSeconds = (naiveEnd - materialised) / 1e9;
    say(
        "naive exact: KS of %d features in %.2f s (+%.2f s to materialise the columns), heap for"
            + " the columns %d MiB, drifted %d",
        features,
        naiveSeconds,
        (materialised - naiveStart) / 1e9,
        heapNaive >> 20,
        count(naiveDrift));

    // --- the service ---------------------------------------------------------------------
    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.brokerProperties(Map.of("message.max.bytes", "10485760"));
    kafka.afterPropertiesSet();
    String brokers = kafka.getBrokersAsString();
    int port = freePort();
    long windowSeconds = alignedWindow(desiredWindow);
    Path publicKey = work.resolve("jwt.pub");
    try (InputStream in = TestJwts.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
      Files.write(publicKey, in.readAllBytes());
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            java(),
            "-Xmx1g",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            jar().toString(),
            "--server.port=" + port,
            "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey,
            "--aifactory.monitoring.window-length=" + windowSeconds + "s",
            "--aifactory.monitoring.allowed-lateness=1s",
            "--aifactory.monitoring.evaluate-interval=200ms",
            "--aifactory.monitoring.budgets.enabled=false",
            "--aifactory.outbox.poll-interval=50ms");
    builder.environment().put("AIFACTORY_DB_NAME", "aifactory_test");
    builder.environment().put("AIFACTORY_KAFKA_BOOTSTRAP", brokers);
    builder.environment().put("AIFACTORY_DATA_DIR", work.resolve("data").toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(work.resolve("monitoring.log").toFile());
    service = builder.start();
    String base = "http://127.0.0.1:" + port;
    awaitUp(base + "/actuator/health", Duration.ofSeconds(180));
    say(
        "monitoring-service up (log %s), window length %d s",
        work.resolve("monitoring.log"), windowSeconds);

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String group = "drift-bench-" + suffix;
    String endpoint = "drift-bench-" + suffix;
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "10485760");
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        KafkaConsumer<String, String> events = consumer(brokers);
        AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", brokers))) {
      events.subscribe(List.of(Topics.MONITORING));
      events.poll(Duration.ofMillis(500));
      register(producer, group, reference);
      awaitBaseline(base, group);

      Instant windowStart =
          Instant.ofEpochSecond(Instant.now().getEpochSecond() / windowSeconds * windowSeconds);
      Instant due = windowStart.plusSeconds(windowSeconds + 1);
      long spreadMillis = windowSeconds * 1000 - 1;
      say("window %s .. %s, due %s", windowStart, windowStart.plusSeconds(windowSeconds), due);

      HeapSampler heap = new HeapSampler(base);
      heap.start();
      long ingestStart = System.nanoTime();
      long maxLag = 0;
      Random traffic = new Random(7);
      long lastLagCheck = 0;
      for (int from = 0; from < rows; from += batch) {
        int n = Math.min(batch, rows - from);
        String payload =
            batchJson(endpoint, group, from, n, features, traffic, windowStart, spreadMillis, rows);
        ProducerRecord<String, String> record =
            new ProducerRecord<>(Topics.INFERENCE_CAPTURES, endpoint, payload);
        headers(
            record, UUID.randomUUID().toString(), "dev.aifactory.inference.captured.v1", endpoint);
        producer.send(record);
        if (System.nanoTime() - lastLagCheck > 1_000_000_000L) {
          maxLag = Math.max(maxLag, lag(admin));
          lastLagCheck = System.nanoTime();
        }
      }
      producer.flush();
      long published = System.nanoTime();
      long lag;
      while ((lag = lag(admin)) > 0) {
        maxLag = Math.max(maxLag, lag);
        if (!service.isAlive()) {
          throw new IllegalStateException("monitoring-service died (OOM?); see its log");
        }
        Thread.sleep(500);
      }
      long ingested = System.nanoTime();
      double ingestSeconds = (ingested - ingestStart) / 1e9;
      say(
          "ingest: %d rows published in %.1f s, consumed in %.1f s = %.0f rows/s; max consumer"
              + " lag %d batches (%d rows)",
          rows,
          (published - ingestStart) / 1e9,
          ingestSeconds,
          rows / ingestSeconds,
          maxLag,
          maxLag * batch);
      if (Instant.now().isAfter(due)) {
        say("WARNING: ingest took longer than the window; late captures were dropped");
      }

      JsonNode evaluated = null;
      while (evaluated == null) {
        if (!service.isAlive()) {
          throw new IllegalStateException("monitoring-service died (OOM?); see its log");
        }
        for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(200))) {
          if (endpoint.equals(r.key()) && type(r).endsWith("window-evaluated.v1")) {
            evaluated = json.readTree(r.value());
          }
        }
      }
      Instant received = Instant.now();
      heap.stopSampling();
      double toResult = Duration.between(due, received).toMillis() / 1000.0;
      int agree = 0;
      int drifted = 0;
      for (JsonNode feature : evaluated.path("features")) {
        int f = Integer.parseInt(feature.path("name").asString().substring(1));
        boolean d = feature.path("drifted").asBoolean();
        drifted += d ? 1 : 0;
        agree += d == naiveDrift[f] ? 1 : 0;
      }
      say(
          "service: window of %d rows evaluated %.2f s after it was due; drifted %d of %d"
              + " features (agrees with naive on %d); late captures %.0f",
          evaluated.path("count").asLong(),
          toResult,
          drifted,
          evaluated.path("features").size(),
          agree,
          heap.late);
      say("service heap: max %d MiB used (limit 1024 MiB)", heap.max.get() >> 20);
      say("");
      say("RESULT rows=%d features=%d", rows, features);
      say(
          "  drift: service %.2f s after window close vs naive exact %.2f s: ratio %.2f;"
              + " goal <= 10 s -> %s",
          toResult, naiveSeconds, toResult / naiveSeconds, toResult <= 10 ? "MET" : "NOT MET");
      say(
          "  heap: service max %d MiB (goal <= 1024) -> %s; naive columns alone %d MiB",
          heap.max.get() >> 20, heap.max.get() <= (1L << 30) ? "MET" : "NOT MET", heapNaive >> 20);
      say(
          "  ingest: %.0f rows/s sustained, max lag %d batches; load after run %s",
          rows / ingestSeconds, maxLag, load());
    } finally {
      kafka.destroy();
    }
  }

  private static double shift(int feature) {
    return feature % 2 == 0 ? 0.5 : 0.0;
  }

  private static String batchJson(
      String endpoint,
      String group,
      int from,
      int n,
      int features,
      Random random,
      Instant windowStart,
      long spreadMillis,
      int rows) {
    StringBuilder b = new StringBuilder(n * features * 24 + 256);
    b.append("{\"team\":\"").append(TEAM).append("\",\"endpoint\":\"").append(endpoint);
    b.append("\",\"batchId\":\"").append(UUID.randomUUID()).append("\",\"records\":[");
    for (int i = 0; i < n; i++) {
      int row = from + i;
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"requestId\":\"r").append(row).append("\",\"endpoint\":\"").append(endpoint);
      b.append("\",\"variant\":\"primary\",\"modelGroup\":\"").append(group);
      b.append("\",\"version\":1,\"timestamp\":\"");
      b.append(windowStart.plusMillis(row * spreadMillis / rows));
      b.append("\",\"latencyMs\":").append(2 + (row % 17));
      b.append(",\"overheadMs\":0.2,\"status\":200,\"features\":{");
      for (int f = 0; f < features; f++) {
        if (f > 0) {
          b.append(',');
        }
        double v = random.nextGaussian() + shift(f);
        b.append("\"f").append(f).append("\":").append((float) v);
      }
      b.append("},\"prediction\":").append((float) random.nextDouble()).append('}');
    }
    return b.append("]}").toString();
  }

  private void register(KafkaProducer<String, String> producer, String group, double[][] reference)
      throws Exception {
    List<FeatureBaseline> features = new ArrayList<>();
    List<FeatureSpec> schema = new ArrayList<>();
    for (int f = 0; f < reference.length; f++) {
      features.add(numeric("f" + f, reference[f]));
      schema.add(new FeatureSpec("f" + f, "numeric", null));
    }
    publishVersion(producer, json, group, features, schema, new Random(3));
  }

  /**
   * Publishes version 1 of {@code group} as training would (model.version-registered with the drift
   * baseline), with uniformly random reference predictions.
   */
  static void publishVersion(
      KafkaProducer<String, String> producer,
      JsonMapper json,
      String group,
      List<FeatureBaseline> features,
      List<FeatureSpec> schema,
      Random random)
      throws Exception {
    double[] predictions = new double[REFERENCE];
    for (int i = 0; i < REFERENCE; i++) {
      predictions[i] = random.nextDouble();
    }
    ModelVersionRegistered registered =
        new ModelVersionRegistered(
            TEAM,
            group,
            1,
            "run-bench",
            "ds-bench",
            1,
            "binary",
            "label",
            Map.of("auc", 0.8),
            "file:///tmp/model.ubj",
            "file:///tmp/baseline.json",
            List.of(),
            schema,
            new DriftBaseline(features, numeric("prediction", predictions)),
            "data");
    ProducerRecord<String, String> record =
        new ProducerRecord<>(Topics.MODELS, group, json.writeValueAsString(registered));
    headers(record, UUID.randomUUID().toString(), registered.cloudEventType(), group);
    producer.send(record).get(30, TimeUnit.SECONDS);
  }

  /** A numeric reference as training profiles it: sample, std, decile bins. */
  static FeatureBaseline numeric(String name, double[] sample) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    List<Double> edges = new ArrayList<>();
    for (int d = 0; d <= 10; d++) {
      edges.add(sorted[(int) Math.round(d * (sorted.length - 1) / 10.0)]);
    }
    List<Double> fractions = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      fractions.add(0.1);
    }
    double mean = Arrays.stream(sample).average().orElse(0);
    double std =
        Math.sqrt(Arrays.stream(sample).map(v -> (v - mean) * (v - mean)).sum() / sample.length);
    return new FeatureBaseline(
        name,
        "numeric",
        sample.length,
        mean,
        std,
        edges,
        fractions,
        Arrays.stream(sample).boxed().toList(),
        null);
  }

  /** Waits until monitoring has stored the baseline of version 1 of the group. */
  static void awaitBaseline(String base, String group) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String token = TestJwts.bearer("bench", TEAM, "viewer");
    for (int i = 0; i < 600; i++) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/baselines/" + group + "/1"))
                  .header("Authorization", token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("baseline not registered");
  }

  /** Batches the monitoring consumer group has not consumed yet, over all partitions. */
  static long lag(AdminClient admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets("monitoring").partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    admin
        .describeTopics(List.of(Topics.INFERENCE_CAPTURES))
        .allTopicNames()
        .get()
        .get(Topics.INFERENCE_CAPTURES)
        .partitions()
        .forEach(
            p ->
                latest.put(
                    new TopicPartition(Topics.INFERENCE_CAPTURES, p.partition()),
                    OffsetSpec.latest()));
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  /** Samples the service's heap and late-capture counter from its Prometheus scrape. */
  private static final class HeapSampler extends Thread {
    private final String base;
    final AtomicLong max = new AtomicLong();
    volatile double late;
    private volatile boolean running = true;

    HeapSampler(String base) {
      this.base = base;
      setDaemon(true);
    }

    @Override
    public void run() {
      HttpClient client = HttpClient.newHttpClient();
      while (running) {
        try {
          String scrape =
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          long used = 0;
          for (String line : scrape.split("\n")) {
            Matcher m = HEAP.matcher(line);
            if (m.matches()) {
              used += (long) Double.parseDouble(m.group(1));
            }
            Matcher l = LATE.matcher(line);
            if (l.matches()) {
              late = Double.parseDouble(l.group(1));
            }
          }
          max.accumulateAndGet(used, Math::max);
          Thread.sleep(500);
        } catch (IOException e) {
          // busy or gone; the main loop notices a dead service
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stopSampling() {
      running = false;
      interrupt();
    }
  }

  private KafkaConsumer<String, String> consumer(String brokers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "drift-bench-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static String type(ConsumerRecord<String, String> r) {
    var header = r.headers().lastHeader(CloudEventHeaders.TYPE);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  static void headers(
      ProducerRecord<String, String> record, String id, String type, String subject) {
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, id);
    header(record, CloudEventHeaders.TYPE, type);
    header(record, CloudEventHeaders.SOURCE, "/drift-benchmark");
    header(record, CloudEventHeaders.SUBJECT, subject);
    header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
    header(record, CloudEventHeaders.TEAM, TEAM);
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A window length near {@code desired} seconds whose current epoch-aligned window has only just
   * started, so the whole length is left for the ingest.
   */
  private static long alignedWindow(int desired) {
    long now = Instant.now().getEpochSecond();
    long best = desired;
    for (long length = desired; length <= desired * 5L / 4; length++) {
      if (now % length < now % best) {
        best = length;
      }
    }
    return best;
  }

  private void awaitUp(String url, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new IllegalStateException("monitoring-service exited; see its log in " + work);
      }
      try {
        if (client
                .send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(url + " did not come up; see the log in " + work);
  }

  private void stop() {
    if (service != null) {
      service.destroy();
      try {
        if (!service.waitFor(20, TimeUnit.SECONDS)) {
          service.destroyForcibly();
        }
      } catch (InterruptedException e) {
        service.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Deletes the run's windows, captures and baseline from {@code aifactory_test}: an unevaluated
   * million-row window (the service died) would otherwise be picked up by the next monitoring
   * instance on that database.
   */
  private void cleanUp() {
    try (var db =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/aifactory_test", "aifactory", "aifactory");
        var statement = db.createStatement()) {
      String runs = "team = 'bench' and model_group like 'drift-bench-%'";
      statement.executeUpdate(
          "delete from monitoring.captures where window_id in"
              + " (select id from monitoring.windows where "
              + runs
              + ")");
      statement.executeUpdate(
          "delete from monitoring.window_aggregates where window_id in"
              + " (select id from monitoring.windows where "
              + runs
              + ")");
      statement.executeUpdate("delete from monitoring.windows where " + runs);
      statement.executeUpdate("delete from monitoring.baselines where " + runs);
    } catch (java.sql.SQLException e) {
      say("clean-up of the run's rows failed: %s", e.getMessage());
    }
  }

  static Path jar() {
    List<Path> candidates =
        List.of(
            Path.of("monitoring-service/target/monitoring-service-0.1.0-SNAPSHOT.jar"),
            Path.of("../monitoring-service/target/monitoring-service-0.1.0-SNAPSHOT.jar"));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .map(Path::toAbsolutePath)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No monitoring-service jar; build it: ./mvnw -q -pl monitoring-service"
                        + " package -DskipTests"));
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static int count(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return n;
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
