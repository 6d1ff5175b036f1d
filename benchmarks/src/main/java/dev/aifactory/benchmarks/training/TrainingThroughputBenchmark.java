package dev.aifactory.benchmarks.training;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.testing.TestJwts;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Local training through training-service against raw XGBoost4J, and the queue's fairness.
 *
 * <p>Starts the real training-service from its jar (own JVM, one worker, admission off, local
 * PostgreSQL database {@code aifactory_test}, an in-JVM Kafka broker) and announces a generated
 * dataset the way ingestion does. Then:
 *
 * <ol>
 *   <li><b>Throughput</b>: {@code bench.repeats} times, interleaved, (a) a run through the API,
 *       timed from the POST to the run's SUCCEEDED as the API shows it (polled every 20 ms), and
 *       (b) the same work in this JVM with raw XGBoost4J: read the CSV, the same seeded 80/20
 *       split, the same parameters, {@code XGBoost.train} with train and validation watches,
 *       predict the validation rows. Ratio = raw time / service time (throughput ratio; target ≥
 *       0.9).
 *   <li><b>Fairness</b>: team A queues {@code bench.burst} small runs at once, team B queues 2
 *       right after. With one worker, a fair queue starts B's runs alternating with A's; the report
 *       lists the start order and how many of the other team's runs each run waited behind after it
 *       was queued (its share is one per turn: B's k-th run waits behind at most k of A's, plus the
 *       one already training).
 * </ol>
 *
 * <p>Run from the repository root, after {@code ./mvnw -q -pl training-service package
 * -DskipTests}: {@code ./mvnw -q -pl benchmarks compile exec:java
 * -Dexec.mainClass=dev.aifactory.benchmarks.training.TrainingThroughputBenchmark}. Sizes: {@code
 * -Dbench.rows} (default 100000), {@code -Dbench.features} (20), {@code -Dbench.rounds} (100),
 * {@code -Dbench.repeats} (3), {@code -Dbench.burst} (6). Everything it starts stops when it ends.
 */
public final class TrainingThroughputBenchmark {

  private static final String JVM_HEAP = "-Xmx1g";
  private static final String TEAM_A = "bench-a";
  private static final String TEAM_B = "bench-b";

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Path work;
  private Process service;

  private TrainingThroughputBenchmark(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("aifactory-training-bench");
    TrainingThroughputBenchmark benchmark = new TrainingThroughputBenchmark(work);
    int status = 0;
    try {
      benchmark.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      benchmark.stop();
    }
    System.exit(status);
  }

  private void run() throws Exception {
    int rows = Integer.getInteger("bench.rows", 100_000);
    int features = Integer.getInteger("bench.features", 20);
    int rounds = Integer.getInteger("bench.rounds", 100);
    int repeats = Integer.getInteger("bench.repeats", 3);
    int burst = Integer.getInteger("bench.burst", 6);
    Path jar = serviceJar();
    say("work dir %s", work);
    say(
        "machine: %d cores, %s %s, Java %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"));

    Path big = generate(work.resolve("big.csv"), rows, features, 7);
    // Fairness runs long enough (~1 s) that B's arrive while A's still queue.
    Path small =
        generate(work.resolve("small.csv"), Integer.getInteger("bench.fairRows", 20_000), 5, 8);
    say("data: %s (%d rows x %d features), %s", big, rows, features, small);

    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.afterPropertiesSet();
    try {
      int port = freePort();
      Path publicKey = work.resolve("jwt.pub");
      try (InputStream in = TestJwts.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
        Files.write(publicKey, in.readAllBytes());
      }
      List<String> command =
          List.of(
              java(),
              JVM_HEAP,
              "-jar",
              jar.toString(),
              "--server.port=" + port,
              "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey,
              "--aifactory.training.admission.enabled=false",
              "--aifactory.training.workers=1",
              "--aifactory.training.dispatch-interval=100ms",
              "--aifactory.outbox.poll-interval=100ms");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("AIFACTORY_DB_NAME", "aifactory_test");
      builder.environment().put("AIFACTORY_KAFKA_BOOTSTRAP", kafka.getBrokersAsString());
      builder.environment().put("AIFACTORY_DATA_DIR", work.resolve("data").toString());
      builder.redirectErrorStream(true);
      builder.redirectOutput(work.resolve("training-service.log").toFile());
      service = builder.start();
      String base = "http://127.0.0.1:" + port;
      awaitUp(base + "/actuator/health", Duration.ofSeconds(120));
      say("training-service up on %s (log %s)", base, work.resolve("training-service.log"));

      String suffix = UUID.randomUUID().toString().substring(0, 8);
      String bigA = announce(kafka.getBrokersAsString(), TEAM_A, "big-" + suffix, big, features);
      String smallA = announce(kafka.getBrokersAsString(), TEAM_A, "small-a-" + suffix, small, 5);
      String smallB = announce(kafka.getBrokersAsString(), TEAM_B, "small-b-" + suffix, small, 5);

      Map<String, Object> hp = new LinkedHashMap<>();
      hp.put("num_round", rounds);
      hp.put("early_stopping_rounds", 0);
      hp.put("max_depth", 6);
      hp.put("eta", 0.1);
      hp.put("nthread", 2);
      hp.put("seed", 42);

      // Warm-up of both paths (JIT, native library load, first DB connections).
      rawTrain(big, hp);
      serviceTrain(base, TEAM_A, bigA, "warm-" + suffix, hp);

      List<Double> raw = new ArrayList<>();
      List<Double> api = new ArrayList<>();
      List<Double> reported = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        double r = rawTrain(big, hp);
        ServiceTiming s = serviceTrain(base, TEAM_A, bigA, "tp-" + suffix, hp);
        raw.add(r);
        api.add(s.wallSeconds());
        reported.add(s.durationSeconds());
        say(
            "  repeat %d: raw %.3f s, service %.3f s (run's own durationMs %.3f s)",
            i + 1, r, s.wallSeconds(), s.durationSeconds());
      }

      Map<String, Object> smallHp = new LinkedHashMap<>(hp);
      smallHp.put("num_round", 30);
      List<String> order = fairness(base, smallA, smallB, "fair-" + suffix, smallHp, burst);

      report(rows, features, rounds, raw, api, reported, order, burst);
    } finally {
      stop();
      kafka.destroy();
    }
  }

  // --- throughput ---

  /** Same work as the local launcher, with XGBoost4J directly: seconds. */
  private static double rawTrain(Path csv, Map<String, Object> hp) throws Exception {
    long start = System.nanoTime();
    List<float[]> rows = new ArrayList<>();
    int width;
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVParser.parse(
                reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      width = parser.getHeaderNames().size();
      for (CSVRecord record : parser) {
        float[] row = new float[width];
        for (int c = 0; c < width; c++) {
          row[c] = Float.parseFloat(record.get(c));
        }
        rows.add(row);
      }
    }
    int n = rows.size();
    int features = width - 1;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(((Number) hp.get("seed")).longValue()));
    int validation = (int) Math.round(n * 0.2);
    DMatrix train = matrix(rows, order.subList(0, n - validation), features);
    DMatrix valid = matrix(rows, order.subList(n - validation, n), features);
    Map<String, Object> params = new HashMap<>();
    hp.forEach(
        (k, v) -> {
          if (!k.equals("num_round") && !k.equals("early_stopping_rounds")) {
            params.put(k, v);
          }
        });
    params.put("objective", "binary:logistic");
    params.put("eval_metric", "logloss");
    params.put("tree_method", "hist");
    params.put("verbosity", 0);
    Map<String, DMatrix> watches = new LinkedHashMap<>();
    watches.put("train", train);
    watches.put("validation", valid);
    float[][] metrics = new float[2][((Number) hp.get("num_round")).intValue()];
    Booster booster =
        XGBoost.train(
            train,
            params,
            ((Number) hp.get("num_round")).intValue(),
            watches,
            metrics,
            null,
            null,
            0);
    booster.predict(valid);
    booster.toByteArray("ubj");
    booster.dispose();
    train.dispose();
    valid.dispose();
    return (System.nanoTime() - start) / 1e9;
  }

  private static DMatrix matrix(List<float[]> rows, List<Integer> pick, int features)
      throws Exception {
    float[] data = new float[pick.size() * features];
    float[] labels = new float[pick.size()];
    for (int r = 0; r < pick.size(); r++) {
      float[] row = rows.get(pick.get(r));
      System.arraycopy(row, 0, data, r * features, features);
      labels[r] = row[features];
    }
    DMatrix m = new DMatrix(data, pick.size(), features, Float.NaN);
    m.setLabel(labels);
    return m;
  }

  record ServiceTiming(double wallSeconds, double durationSeconds, JsonNode run) {}

  private ServiceTiming serviceTrain(
      String base, String team, String datasetId, String group, Map<String, Object> hp)
      throws Exception {
    long start = System.nanoTime();
    String id = submit(base, team, datasetId, group, hp);
    while (true) {
      JsonNode run = get(base, team, "/api/v1/training-runs/" + id);
      String status = run.path("status").asString();
      if (status.equals("SUCCEEDED")) {
        return new ServiceTiming(
            (System.nanoTime() - start) / 1e9, run.path("durationMs").asLong() / 1000.0, run);
      }
      if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
        throw new IllegalStateException("run " + id + " ended " + status + ": " + run);
      }
      Thread.sleep(20);
    }
  }

  // --- fairness ---

  private List<String> fairness(
      String base,
      String datasetA,
      String datasetB,
      String group,
      Map<String, Object> hp,
      int burst)
      throws Exception {
    say("fairness: team A queues %d runs, then team B queues 2 (one worker)", burst);
    Map<String, String> label = new LinkedHashMap<>();
    for (int i = 1; i <= burst; i++) {
      label.put(submit(base, TEAM_A, datasetA, group + "-a", hp), "A" + i);
    }
    for (int i = 1; i <= 2; i++) {
      label.put(submit(base, TEAM_B, datasetB, group + "-b", hp), "B" + i);
    }
    Map<String, Instant> started = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (started.size() < label.size() || !allDone(base, label)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fairness runs did not finish in 10 minutes");
      }
      for (String id : label.keySet()) {
        String team = label.get(id).startsWith("A") ? TEAM_A : TEAM_B;
        JsonNode run = get(base, team, "/api/v1/training-runs/" + id);
        if (!run.path("startedAt").isNull() && !run.path("startedAt").isMissingNode()) {
          started.putIfAbsent(id, Instant.parse(run.path("startedAt").asString()));
        }
      }
      Thread.sleep(100);
    }
    List<String> order = new ArrayList<>(label.keySet());
    order.sort((x, y) -> started.get(x).compareTo(started.get(y)));
    return order.stream().map(label::get).toList();
  }

  private boolean allDone(String base, Map<String, String> label) throws Exception {
    for (Map.Entry<String, String> e : label.entrySet()) {
      String team = e.getValue().startsWith("A") ? TEAM_A : TEAM_B;
      String status =
          get(base, team, "/api/v1/training-runs/" + e.getKey()).path("status").asString();
      if (status.equals("QUEUED") || status.equals("RUNNING")) {
        return false;
      }
    }
    return true;
  }

  // --- service calls ---

  private String submit(
      String base, String team, String datasetId, String group, Map<String, Object> hp)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelGroup", group);
    body.put("datasetId", datasetId);
    body.put("target", "label");
    body.put("objective", "binary");
    body.put("hyperparameters", hp);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/training-runs"))
                .header("Authorization", TestJwts.bearer("bench-" + team, team, "ml-engineer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "POST /training-runs: " + response.statusCode() + " " + response.body());
    }
    return json.readTree(response.body()).path("id").asString();
  }

  private JsonNode get(String base, String team, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestJwts.bearer("bench-" + team, team, "viewer"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return json.readTree(response.body());
  }

  /** Announces a dataset version the way ingestion does, then waits until training knows it. */
  private String announce(String brokers, String team, String name, Path csv, int features)
      throws Exception {
    List<ColumnSchema> columns = new ArrayList<>();
    for (int f = 0; f < features; f++) {
      columns.add(new ColumnSchema("f" + f, ColumnSchema.NUMERIC));
    }
    columns.add(new ColumnSchema("label", ColumnSchema.NUMERIC));
    String datasetId = UUID.randomUUID().toString();
    DatasetVersionRegistered event =
        new DatasetVersionRegistered(
            team,
            datasetId,
            name,
            1,
            csv.toUri().toString(),
            "csv",
            "sha256:bench",
            columns,
            Files.lines(csv).count() - 1,
            "PASSED",
            List.of("bench"),
            List.of(),
            null);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(Topics.DATASETS, event.key(), json.writeValueAsString(event));
      header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
      header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
      header(record, CloudEventHeaders.TYPE, event.cloudEventType());
      header(record, CloudEventHeaders.SOURCE, "/ingestion-service");
      header(record, CloudEventHeaders.SUBJECT, event.key());
      header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
      header(record, CloudEventHeaders.TEAM, team);
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
    return datasetId;
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  // --- data, processes ---

  /** label = 1 when a weighted sum of the first features plus noise is positive. */
  private static Path generate(Path file, int rows, int features, long seed) throws IOException {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder();
    for (int f = 0; f < features; f++) {
      csv.append('f').append(f).append(',');
    }
    csv.append("label\n");
    float[] x = new float[features];
    for (int r = 0; r < rows; r++) {
      double score = 0;
      for (int f = 0; f < features; f++) {
        x[f] = (float) random.nextGaussian();
        score += x[f] / (f + 1.0);
        csv.append(String.format(Locale.ROOT, "%.4f", x[f])).append(',');
      }
      score += 0.5 * random.nextGaussian();
      csv.append(score > 0 ? '1' : '0').append('\n');
    }
    return Files.writeString(file, csv);
  }

  private void awaitUp(String url, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new IllegalStateException(
            "training-service exited (" + service.exitValue() + "); see " + work);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(url + " did not come up; see " + work);
  }

  private void stop() {
    if (service == null) {
      return;
    }
    service.destroy();
    try {
      if (!service.waitFor(20, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    } catch (InterruptedException e) {
      service.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    service = null;
  }

  private static Path serviceJar() {
    String configured = System.getProperty("bench.trainingJar");
    List<Path> candidates =
        configured != null
            ? List.of(Path.of(configured))
            : List.of(
                Path.of("training-service/target/training-service-0.1.0-SNAPSHOT.jar"),
                Path.of("../training-service/target/training-service-0.1.0-SNAPSHOT.jar"));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .map(Path::toAbsolutePath)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No training-service jar at "
                        + candidates
                        + "; build it: ./mvnw -q -pl training-service package -DskipTests"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void report(
      int rows,
      int features,
      int rounds,
      List<Double> raw,
      List<Double> api,
      List<Double> reported,
      List<String> order,
      int burst) {
    double r = median(raw);
    double s = median(api);
    double d = median(reported);
    // The fastest of each: the least disturbed by other work on a shared machine.
    double rMin = Collections.min(raw);
    double sMin = Collections.min(api);
    double cellRounds = (double) rows * features * rounds;
    System.out.println();
    System.out.println("==== RESULTS ====");
    System.out.printf(
        Locale.ROOT,
        "THROUGHPUT (%d rows x %d features x %d rounds, binary, depth 6, 2 threads; median of %d)%n",
        rows,
        features,
        rounds,
        raw.size());
    System.out.printf(
        Locale.ROOT,
        "  raw XGBoost4J in this JVM: %.3f s  (%.1f M cell-rounds/s)%n",
        r,
        cellRounds / r / 1e6);
    System.out.printf(
        Locale.ROOT,
        "  through training-service:  %.3f s POST->SUCCEEDED  (%.1f M cell-rounds/s); run's"
            + " durationMs %.3f s%n",
        s,
        cellRounds / s / 1e6,
        d);
    System.out.printf(
        Locale.ROOT,
        "  throughput ratio service / raw: %.2f end to end, %.2f on the run's own duration"
            + " (target >= 0.9) -> %s%n",
        r / s,
        r / d,
        r / s >= 0.9 ? "MET" : "MISSED");
    System.out.printf(
        Locale.ROOT,
        "  fastest of each: raw %.3f s, service %.3f s, ratio %.2f%n",
        rMin,
        sMin,
        rMin / sMin);
    System.out.println("  every repeat (raw / service s): " + pairs(raw, api));
    System.out.println("FAIRNESS (one worker; A queued " + burst + " runs, then B queued 2)");
    System.out.println("  start order: " + String.join(" ", order));
    int worst = 0;
    List<String> waits = new ArrayList<>();
    for (String team : List.of("A", "B")) {
      int mine = 0;
      for (int i = 0; i < order.size(); i++) {
        if (!order.get(i).startsWith(team)) {
          continue;
        }
        mine++;
        // Runs of the other team that started before this one (B was queued after all of A).
        long others = order.subList(0, i).stream().filter(x -> !x.startsWith(team)).count();
        long excess = team.equals("B") ? others - mine : 0;
        waits.add(order.get(i) + " behind " + others + " of the other team");
        worst = (int) Math.max(worst, excess);
      }
    }
    System.out.println("  " + String.join(", ", waits));
    System.out.printf(
        Locale.ROOT,
        "  B's k-th run waited behind at most k A runs (+1 already training): excess %d -> %s%n",
        worst,
        worst <= 1 ? "MET" : "MISSED");
  }

  private static String pairs(List<Double> raw, List<Double> api) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      out.add(String.format(Locale.ROOT, "%.2f/%.2f", raw.get(i), api.get(i)));
    }
    return String.join(", ", out);
  }

  static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
