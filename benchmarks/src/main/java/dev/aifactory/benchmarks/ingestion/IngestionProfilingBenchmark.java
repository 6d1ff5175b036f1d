package dev.aifactory.benchmarks.ingestion;

import dev.aifactory.benchmarks.ServerProcesses;
import dev.aifactory.common.testing.TestJwts;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingestion profiling throughput and heap, side by side in one run.
 *
 * <ol>
 *   <li>Generates (once, reused while its size matches) a CSV of {@code bench.sizeMb} MB (default
 *       1100) with 20 columns: 10 numeric (integers, decimals, some missing) and 10 categorical
 *       (small and large vocabularies, one near-unique id), under {@code
 *       benchmarks/target/ingestion-bench/}.
 *   <li>Starts the real ingestion service from its jar as its own JVM with {@code -Xmx512m} (on the
 *       local PostgreSQL {@code aifactory_test} and an in-JVM Kafka broker).
 *   <li>{@code bench.rounds} (default 3) interleaved rounds, so both sides see the same machine
 *       load: a bare parse of the file through the same parser the service uses (commons-csv,
 *       {@code CSVFormat.DEFAULT}, touching every value, in this JVM), then a registration of the
 *       same file into a fresh dataset through the local-path import (stage: copy + SHA-256; one
 *       profiling pass with sketches and PII sampling; store, catalogue, outbox). The profiling
 *       pass is timed by the service's own {@code aifactory.ingestion.profile} timer (difference of
 *       its total before and after the round). The service's heap is sampled from actuator metrics
 *       every 100 ms throughout.
 * </ol>
 *
 * <p>Prints per-round and median throughputs, the median of the per-round ratios (goal ≥ 0.5), the
 * load average around every round and the service's peak heap. Run from the repository root after
 * {@code ./mvnw -q -pl ingestion-service package -DskipTests}: {@code ./mvnw -q -pl benchmarks
 * compile exec:java
 * -Dexec.mainClass=dev.aifactory.benchmarks.ingestion.IngestionProfilingBenchmark}.
 */
public final class IngestionProfilingBenchmark {

  private static final String HEAP = System.getProperty("bench.heap", "-Xmx512m");
  private static final String TEAM = "bench";
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ServerProcesses servers;
  private final Path work;

  private IngestionProfilingBenchmark(Path work) {
    this.work = work;
    this.servers = new ServerProcesses(work);
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(System.getProperty("bench.dir", "benchmarks/target/ingestion-bench"));
    if (!work.isAbsolute() && !Files.isDirectory(Path.of("benchmarks"))) {
      work = Path.of("target/ingestion-bench"); // started from benchmarks/
    }
    Files.createDirectories(work);
    IngestionProfilingBenchmark benchmark = new IngestionProfilingBenchmark(work.toAbsolutePath());
    int status = 0;
    try {
      benchmark.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      benchmark.stopAll();
    }
    System.exit(status);
  }

  private void run() throws Exception {
    long sizeMb = Long.getLong("bench.sizeMb", 1100);
    Path csv = work.resolve("bench-" + sizeMb + "mb.csv");
    say("machine: %d cores, Java %s, load %s", cores(), javaVersion(), load());
    generate(csv, sizeMb * 1024 * 1024);
    long bytes = Files.size(csv);
    say("file %s: %.1f MB", csv, bytes / 1e6);

    say("bare parse warm-up (commons-csv, same format)");
    bareParse(csv);

    Path jar = ingestionJar();
    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.afterPropertiesSet();
    Path data = work.resolve("data-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      int port = freePort();
      Path publicKey = work.resolve("jwt.pub");
      try (InputStream in = TestJwts.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
        Files.write(publicKey, in.readAllBytes());
      }
      start(
          "ingestion",
          command(
              jar,
              "--server.port=" + port,
              "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey,
              "--spring.servlet.multipart.max-file-size=8GB",
              "--spring.servlet.multipart.max-request-size=8GB"),
          Map.of(
              "AIFACTORY_DB_NAME", "aifactory_test",
              "AIFACTORY_KAFKA_BOOTSTRAP", kafka.getBrokersAsString(),
              "AIFACTORY_DATA_DIR", data.toString(),
              "AIFACTORY_IMPORT_ROOTS", work.toString()));
      String base = "http://127.0.0.1:" + port;
      awaitUp(base + "/actuator/health", Duration.ofSeconds(180));
      String writer = TestJwts.bearer("bench", TEAM, "data-engineer");
      long heapBefore = heapUsed(base, writer);
      say(
          "service up (heap %s); %d interleaved rounds: bare parse, then registration",
          HEAP, ROUNDS);

      AtomicLong peak = new AtomicLong(heapBefore);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread sampler =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    peak.accumulateAndGet(heapUsed(base, writer), Math::max);
                    Thread.sleep(100);
                  } catch (Exception e) {
                    // A missed sample only makes the peak a lower bound.
                  }
                }
              },
              "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();

      double[] bare = new double[ROUNDS];
      double[] profiling = new double[ROUNDS];
      double[] service = new double[ROUNDS];
      String[] loads = new String[ROUNDS];
      JsonNode version = null;
      for (int round = 0; round < ROUNDS; round++) {
        String loadBefore = load();
        bare[round] = bareParse(csv);
        // A fresh dataset per round: the same bytes registered twice in one dataset would return
        // the existing version without profiling.
        JsonNode dataset =
            call(
                "POST",
                base + "/api/v1/datasets",
                writer,
                "{\"name\":\"bench-" + UUID.randomUUID().toString().substring(0, 8) + "\"}",
                Duration.ofSeconds(30));
        String id = dataset.get("id").asString();
        double timerBefore = profileTotalSeconds(base, writer);
        long start = System.nanoTime();
        version =
            call(
                "POST",
                base + "/api/v1/datasets/" + id + "/versions",
                writer,
                "{\"path\":\"" + csv + "\"}",
                Duration.ofMinutes(30));
        service[round] = (System.nanoTime() - start) / 1e9;
        profiling[round] = profileTotalSeconds(base, writer) - timerBefore;
        loads[round] = loadBefore + " -> " + load();
        say(
            "  round %d: bare %.1f s (%.1f MB/s), profiling %.1f s (%.1f MB/s), registration %.1f"
                + " s; ratio %.2f; load %s",
            round + 1,
            bare[round],
            bytes / 1e6 / bare[round],
            profiling[round],
            bytes / 1e6 / profiling[round],
            service[round],
            bare[round] / profiling[round],
            loads[round]);
      }
      running.set(false);
      sampler.join();
      long maxHeap = heapMax(base, writer);

      double bareSeconds = median(bare);
      double profileSeconds = median(profiling);
      double serviceSeconds = median(service);
      say(
          "  version %s: %s rows, %d columns, quality %s",
          version.get("version"),
          version.get("rowCount"),
          version.get("columns").size(),
          version.get("qualityStatus").asString());
      double[] ratios = new double[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        ratios[i] = bare[i] / profiling[i];
      }
      double ratio = median(ratios);
      double endToEnd = bareSeconds / serviceSeconds;
      say("");
      say(
          "RESULT (file %.0f MB, 20 columns, medians of %d interleaved rounds)",
          bytes / 1e6, ROUNDS);
      say("  bare commons-csv parse : %7.1f MB/s", bytes / 1e6 / bareSeconds);
      say(
          "  service profiling pass : %7.1f MB/s (types, stats, KLL, HLL, frequent items, PII"
              + " sampling; timer aifactory.ingestion.profile)",
          bytes / 1e6 / profileSeconds);
      say(
          "  service registration   : %7.1f MB/s (end to end: stage + SHA-256, profiling pass,"
              + " store, catalogue, outbox)",
          bytes / 1e6 / serviceSeconds);
      say(
          "  ratio profiling / bare : %.2f (median of per-round ratios; goal >= 0.5) -> %s",
          ratio, ratio >= 0.5 ? "MET" : "MISSED");
      say("  ratio end-to-end / bare: %.2f", endToEnd);
      say(
          "  service heap           : peak used %.0f MB sampled every 100 ms (before %.0f MB), max %.0f MB",
          peak.get() / 1e6, heapBefore / 1e6, maxHeap / 1e6);
      say("  load average per round : %s", String.join(" | ", loads));
    } finally {
      stopAll();
      kafka.destroy();
      deleteTree(data); // every round stored a copy of the file: gigabytes per run
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The service's command line; {@code bench.jvmArgs} adds JVM options (e.g. a JFR recording). */
  private static List<String> command(Path jar, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(java(), HEAP));
    String extra = System.getProperty("bench.jvmArgs", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  private double profileTotalSeconds(String base, String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base + "/actuator/metrics/aifactory.ingestion.profile?tag=team:" + TEAM))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return 0; // no registration profiled yet
    }
    for (JsonNode m : json.readTree(response.body()).get("measurements")) {
      if ("TOTAL_TIME".equals(m.get("statistic").asString())) {
        return m.get("value").asDouble();
      }
    }
    throw new IllegalStateException("No TOTAL_TIME in " + response.body());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** 20 columns, deterministic content; rewritten only if the file is missing or too small. */
  private static void generate(Path file, long targetBytes) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) >= targetBytes) {
      say("reusing %s", file);
      return;
    }
    say("generating %s (%d MB)", file, targetBytes / (1024 * 1024));
    String[] plans = {"free", "pro", "team", "enterprise"};
    String[] countries = {"FR", "DE", "NO", "US", "BR", "IN", "JP", "NG", "CA", "ES", "IT", "PL"};
    String[] channels = {"web", "ios", "android", "partner", "sales"};
    String[] devices = {"desktop", "mobile", "tablet"};
    String[] segments = new String[200];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = "segment-" + i;
    }
    SplittableRandom random = new SplittableRandom(42);
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      out.write(
          "customer_id,age,tenure_months,monthly_spend,sessions,support_tickets,score,discount,"
              + "latitude,longitude,balance,plan,country,channel,device,segment,city,referrer,"
              + "status,label\n");
      long written = 0;
      long row = 0;
      StringBuilder line = new StringBuilder(256);
      while (written < targetBytes) {
        line.setLength(0);
        line.append("c").append(Long.toHexString(random.nextLong() & 0xffffffffffL)).append(',');
        line.append(18 + random.nextInt(70)).append(',');
        line.append(random.nextInt(120)).append(',');
        line.append(String.format(Locale.ROOT, "%.2f", random.nextDouble() * 500)).append(',');
        line.append(random.nextInt(1000)).append(',');
        if (random.nextInt(10) > 0) {
          line.append(random.nextInt(8));
        }
        line.append(',');
        line.append(String.format(Locale.ROOT, "%.4f", random.nextGaussian())).append(',');
        line.append(random.nextInt(5) * 5).append(',');
        line.append(String.format(Locale.ROOT, "%.5f", random.nextDouble() * 180 - 90)).append(',');
        line.append(String.format(Locale.ROOT, "%.5f", random.nextDouble() * 360 - 180));
        line.append(',');
        line.append(random.nextInt(2_000_000) - 1_000_000).append(',');
        line.append(plans[random.nextInt(plans.length)]).append(',');
        line.append(countries[random.nextInt(countries.length)]).append(',');
        line.append(channels[random.nextInt(channels.length)]).append(',');
        line.append(devices[random.nextInt(devices.length)]).append(',');
        line.append(segments[random.nextInt(segments.length)]).append(',');
        line.append("\"City ").append(random.nextInt(5000)).append(", X\"").append(',');
        if (random.nextInt(4) > 0) {
          line.append("ref").append(random.nextInt(50_000));
        }
        line.append(',');
        line.append(random.nextInt(20) == 0 ? "churned" : "active").append(',');
        line.append(random.nextInt(2)).append('\n');
        out.append(line);
        written += line.length();
        row++;
      }
      say("  %d rows", row);
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Parses every record and touches every value, as the profiler's parser does; seconds. */
  private static double bareParse(Path file) throws IOException {
    long start = System.nanoTime();
    long chars = 0;
    long records = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
      for (CSVRecord record : parser) {
        for (int i = 0; i < record.size(); i++) {
          chars += record.get(i).length();
        }
        records++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    say("  parsed %d records, %d value chars in %.1f s", records, chars, seconds);
    return seconds;
  }

  private long heapUsed(String base, String token) throws Exception {
    return metric(base, token, "jvm.memory.used");
  }

  private long heapMax(String base, String token) throws Exception {
    return metric(base, token, "jvm.memory.max");
  }

  private long metric(String base, String token, String name) throws Exception {
    JsonNode m =
        call(
            "GET",
            base + "/actuator/metrics/" + name + "?tag=area:heap",
            token,
            null,
            Duration.ofSeconds(5));
    return (long) m.get("measurements").get(0).get("value").asDouble();
  }

  private JsonNode call(String method, String url, String token, String body, Duration timeout)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Authorization", token)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
  }

  private void awaitUp(String url, Duration timeout) throws Exception {
    servers.awaitUp(url, timeout);
  }

  private void start(String name, List<String> command, Map<String, String> env)
      throws IOException {
    say("started %s (log %s)", name, servers.start(name, command, env));
  }

  private void stopAll() {
    servers.close();
  }

  private static Path ingestionJar() {
    String configured = System.getProperty("bench.ingestionJar");
    List<Path> candidates =
        configured != null
            ? List.of(Path.of(configured))
            : List.of(
                Path.of("ingestion-service/target/ingestion-service-0.1.0-SNAPSHOT.jar"),
                Path.of("../ingestion-service/target/ingestion-service-0.1.0-SNAPSHOT.jar"));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .map(Path::toAbsolutePath)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No ingestion jar at "
                        + candidates
                        + "; build it first: ./mvnw -q -pl ingestion-service package -DskipTests"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static String javaVersion() {
    return System.getProperty("java.version");
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
