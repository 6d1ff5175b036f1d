package dev.aifactory.benchmarks;

import static dev.aifactory.benchmarks.GatewayOverheadBenchmark.say;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.testing.TestJwts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway in front of a remote model server, and shadows that misbehave. Three JVMs besides
 * this load generator: {@link StubModelServer} (an OIP v2 server whose model takes {@code
 * bench.delayMs}, 200 ms), the real gateway jar, and the in-JVM Kafka broker the gateway needs.
 *
 * <ol>
 *   <li>remote: {@code bench.connections} (400) concurrent clients, closed loop, against an
 *       endpoint whose only variant is the stub's slow model over OIP v2: throughput (goal ≥ 1,600
 *       req/s; the ceiling is connections / delay = 2,000) and errors;
 *   <li>shadow: the same in-process model on three endpoints — no shadow, a shadow that fails at
 *       once (500), a shadow that stalls (answers after a minute) — each mirroring every request,
 *       open loop at {@code bench.shadowRate} req/s, interleaved; primary errors (goal 0) and p99
 *       ratio against no shadow (goal ≤ 1.10).
 * </ol>
 *
 * <p>Run from the repository root after {@code ./mvnw -q -pl inference-gateway package
 * -DskipTests}: {@code ./mvnw -q -pl benchmarks compile exec:java -Dbench.scenario=remote}.
 */
public final class GatewayRemoteBackendBenchmark {

  private static final String TEAM = "bench";
  private static final byte[] BODY =
      "{\"instances\":[[35,60.0,\"pro\"]]}".getBytes(StandardCharsets.UTF_8);
  private static final String JVM_HEAP = "-Xmx512m";
  private static final String ENGINEER = TestJwts.bearer("bench-admin", TEAM, "ml-engineer");

  private final JsonMapper json = JsonMapper.builder().build();
  private final ServerProcesses servers;
  private final Path work;

  private GatewayRemoteBackendBenchmark(Path work) {
    this.work = work;
    this.servers = new ServerProcesses(work);
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("aifactory-bench-remote");
    GatewayRemoteBackendBenchmark benchmark = new GatewayRemoteBackendBenchmark(work);
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
    int connections = Integer.getInteger("bench.connections", 400);
    int remoteRequests = Integer.getInteger("bench.remoteRequests", 20_000);
    long delayMs = Long.getLong("bench.delayMs", 200);
    double shadowRate = Double.parseDouble(System.getProperty("bench.shadowRate", "200"));
    int shadowSeconds = Integer.getInteger("bench.shadowSeconds", 15);
    say("work dir %s", work);
    say(
        "machine: %d cores, %s",
        GatewayOverheadBenchmark.cores(), GatewayOverheadBenchmark.osVersion());
    ChurnModel model = ChurnModel.train(work);

    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.afterPropertiesSet();
    try {
      int stubPort = GatewayOverheadBenchmark.freePort();
      int gatewayPort = GatewayOverheadBenchmark.freePort();
      start(
          "stub",
          List.of(
              GatewayOverheadBenchmark.java(),
              "-Xmx256m",
              // The JDK server closes idle connections beyond 200 by default: keep 400 alive.
              "-Dsun.net.httpserver.maxIdleConnections=2000",
              // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle
              // holds the body until the client's delayed ACK (~40 ms): every call took ~245 ms
              // instead of 200 and capped the direct rate at ~1,590 of 2,000 req/s.
              "-Dsun.net.httpserver.nodelay=true",
              "-cp",
              GatewayOverheadBenchmark.classpath(),
              StubModelServer.class.getName(),
              Integer.toString(stubPort),
              Long.toString(delayMs)),
          Map.of());
      Path publicKey = work.resolve("jwt.pub");
      try (InputStream in = TestJwts.class.getResourceAsStream("/aifactory-test-jwt.pub")) {
        Files.write(publicKey, in.readAllBytes());
      }
      List<String> gatewayCommand =
          new ArrayList<>(List.of(GatewayOverheadBenchmark.java(), JVM_HEAP));
      gatewayCommand.addAll(GatewayOverheadBenchmark.extraJvmArgs());
      gatewayCommand.addAll(
          List.of(
              "-jar",
              GatewayOverheadBenchmark.gatewayJar().toString(),
              "--server.port=" + gatewayPort,
              "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey,
              // no policy-service in this benchmark: deploy without asking it
              "--aifactory.gateway.admission.enabled=false"));
      gatewayCommand.addAll(GatewayOverheadBenchmark.extraGatewayArgs());
      start(
          "gateway",
          gatewayCommand,
          Map.of(
              "AIFACTORY_DB_NAME", GatewayOverheadBenchmark.freshDatabase(),
              "AIFACTORY_KAFKA_BOOTSTRAP", kafka.getBrokersAsString(),
              "AIFACTORY_DATA_DIR", work.resolve("data").toString()));
      awaitUp("http://127.0.0.1:" + stubPort + "/v2/health/ready", Duration.ofSeconds(60));
      awaitUp("http://127.0.0.1:" + gatewayPort + "/actuator/health", Duration.ofSeconds(120));

      String suffix = UUID.randomUUID().toString().substring(0, 8);
      String group = "bench-remote-" + suffix;
      String base = "http://127.0.0.1:" + gatewayPort;
      String stub = "http://127.0.0.1:" + stubPort + "/v2/models/";
      Map<String, String> endpoints = new LinkedHashMap<>();
      for (String kind : List.of("remote", "plain", "shadow-fail", "shadow-stall")) {
        endpoints.put(kind, kind + "-" + suffix);
        call(
            base,
            "POST",
            "/api/v1/endpoints",
            json.writeValueAsString(
                Map.of("name", kind + "-" + suffix, "modelGroup", group, "captureSampleRate", 0.0)),
            201);
      }
      deploy(kafka.getBrokersAsString(), group, model);
      String viewer = TestJwts.bearer("bench-client", TEAM, "viewer");
      Target plain = target("plain", base, endpoints, viewer);
      awaitServing(plain, Duration.ofSeconds(60));
      setDeployments(
          base,
          endpoints.get("remote"),
          "[{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\","
              + " \"url\": \""
              + stub
              + "slow\"}]");
      setDeployments(
          base,
          endpoints.get("shadow-fail"),
          "[{\"variant\": \"primary\", \"version\": 1, \"weight\": 1},"
              + " {\"variant\": \"shadow\", \"version\": 1, \"shadowSampleRate\": 1.0,"
              + " \"backend\": \"oip\", \"url\": \""
              + stub
              + "fail\"}]");
      setDeployments(
          base,
          endpoints.get("shadow-stall"),
          "[{\"variant\": \"primary\", \"version\": 1, \"weight\": 1},"
              + " {\"variant\": \"shadow\", \"version\": 1, \"shadowSampleRate\": 1.0,"
              + " \"backend\": \"oip\", \"url\": \""
              + stub
              + "stall\"}]");
      Target remote = target("remote", base, endpoints, viewer);
      Target fail = target("shadow-fail", base, endpoints, viewer);
      Target stall = target("shadow-stall", base, endpoints, viewer);
      awaitServing(remote, Duration.ofSeconds(60));

      List<String> report = new ArrayList<>();
      // Two load generators side by side: the JDK HttpClient (one selector thread for all
      // connections) and blocking HttpURLConnection (I/O on each client thread, one keep-alive
      // connection per thread). "fast" is the stub answering at once: what generator + stub can
      // do at all at this concurrency, so the 200 ms numbers are not read as the gateway's limit
      // when they are the generator's.
      String token = viewer;
      Driver jdkFast = jdk(Target.of("jdk->stub-fast", stub + "fast/infer", token));
      Driver blockingFast = new BlockingDriver("blocking->stub-fast", stub + "fast/infer", token);
      Driver jdkDirect = jdk(Target.of("jdk->stub", stub + "slow/infer", token));
      Driver blockingDirect = new BlockingDriver("blocking->stub", stub + "slow/infer", token);
      Driver jdkGateway = jdk(Target.of("jdk->gateway", remote.uri().toString(), token));
      Driver blockingGateway =
          new BlockingDriver("blocking->gateway", remote.uri().toString(), token);
      // -Dbench.wrkOnly=true: only the wrk rows (a quick look at the gateway's own limit).
      boolean wrkOnly = Boolean.getBoolean("bench.wrkOnly");
      List<Driver> drivers =
          wrkOnly
              ? List.of()
              : List.of(
                  jdkFast, blockingFast, jdkDirect, blockingDirect, jdkGateway, blockingGateway);
      say("remote warm-up: %d connections, %d requests each", connections, remoteRequests / 5);
      for (Driver driver : drivers) {
        saturate(driver, connections, remoteRequests / 5);
      }
      say(
          "remote: %d connections, %d requests each, backend %d ms, two rounds",
          connections, remoteRequests, delayMs);
      Map<String, List<Latencies>> remoteRounds = new LinkedHashMap<>();
      for (int round = 0; round < 2; round++) {
        List<Driver> order = new ArrayList<>(drivers);
        if (round == 1) {
          java.util.Collections.reverse(order);
        }
        for (Driver driver : order) {
          remoteRounds
              .computeIfAbsent(driver.name(), n -> new ArrayList<>())
              .add(saturate(driver, connections, remoteRequests));
        }
      }
      report.add(
          String.format(
              Locale.ROOT,
              "REMOTE BACKEND (%d ms stub, %d connections, closed loop, mean of 2 rounds; goal"
                  + " gateway >= 1600 req/s, ceiling %.0f):",
              delayMs,
              connections,
              connections * 1000.0 / delayMs));
      for (Driver driver : drivers) {
        List<Latencies> ls = remoteRounds.get(driver.name());
        report.add(
            String.format(
                Locale.ROOT,
                "  %-20s %7.0f req/s (rounds %s), p50 %.1f ms, p99 %.1f ms, errors %d",
                driver.name(),
                ls.stream().mapToDouble(Latencies::throughput).average().orElseThrow(),
                ls.stream().map(l -> String.format(Locale.ROOT, "%.0f", l.throughput())).toList(),
                ls.stream().mapToDouble(l -> l.percentileMillis(50)).average().orElseThrow(),
                ls.stream().mapToDouble(l -> l.percentileMillis(99)).average().orElseThrow(),
                ls.stream().mapToInt(Latencies::errors).sum()));
      }

      if (WrkLoad.available()) {
        // wrk (C, epoll, one thread) leaves the servers most of the machine: the same 200 ms
        // stub straight and through the gateway, interleaved, two rounds each.
        int seconds = Integer.getInteger("bench.wrkSeconds", 20);
        List<WrkLoad> loads =
            List.of(
                new WrkLoad("wrk->stub", stub + "slow/infer", token, BODY),
                new WrkLoad("wrk->gateway", remote.uri().toString(), token, BODY));
        // Without the JVM drivers' rounds before it the gateway's JIT is cold: the first wrk
        // round measured 40 % below the second with a 5 s warm-up.
        int warmUp = Integer.getInteger("bench.wrkWarmUpSeconds", wrkOnly ? 30 : 5);
        say(
            "wrk: %d connections, %d s warm-up and %d s per target, two rounds",
            connections, warmUp, seconds);
        for (WrkLoad load : loads) {
          load.run(connections, 1, Duration.ofSeconds(warmUp), work);
        }
        Map<String, List<WrkLoad.Result>> wrkRounds = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
          List<WrkLoad> order = new ArrayList<>(loads);
          if (round == 1) {
            java.util.Collections.reverse(order);
          }
          for (WrkLoad load : order) {
            wrkRounds
                .computeIfAbsent(load.name(), n -> new ArrayList<>())
                .add(load.run(connections, 1, Duration.ofSeconds(seconds), work));
          }
        }
        for (WrkLoad load : loads) {
          List<WrkLoad.Result> rs = wrkRounds.get(load.name());
          report.add(
              String.format(
                  Locale.ROOT,
                  "  %-20s %7.0f req/s (rounds %s), p50 %.1f ms, p99 %.1f ms, errors %d",
                  load.name(),
                  rs.stream()
                      .mapToDouble(WrkLoad.Result::requestsPerSecond)
                      .average()
                      .orElseThrow(),
                  rs.stream()
                      .map(r -> String.format(Locale.ROOT, "%.0f", r.requestsPerSecond()))
                      .toList(),
                  rs.stream().mapToDouble(r -> r.percentileMillis(50)).average().orElseThrow(),
                  rs.stream().mapToDouble(r -> r.percentileMillis(99)).average().orElseThrow(),
                  rs.stream().mapToLong(WrkLoad.Result::errors).sum()));
        }
      } else {
        report.add("  (wrk not installed: apt-get install wrk for the C load generator's rows)");
      }

      if (!wrkOnly) {
        int count = (int) (shadowRate * shadowSeconds);
        say("shadow warm-up");
        for (Target t : List.of(plain, fail, stall)) {
          openLoop(t, shadowRate, count / 5);
        }
        Map<String, List<Latencies>> rounds = new LinkedHashMap<>();
        List<Target> order = List.of(plain, fail, stall);
        for (int round = 0; round < 2; round++) {
          List<Target> targets = round == 0 ? order : List.of(stall, fail, plain);
          for (Target t : targets) {
            say(
                "shadow round %d: %s at %.0f req/s, %d requests",
                round, t.name(), shadowRate, count);
            rounds
                .computeIfAbsent(t.name(), n -> new ArrayList<>())
                .add(openLoop(t, shadowRate, count));
          }
        }
        double plainP99 = meanP99(rounds.get("plain"));
        for (String name : List.of("plain", "shadow-fail", "shadow-stall")) {
          List<Latencies> ls = rounds.get(name);
          int errors = ls.stream().mapToInt(Latencies::errors).sum();
          report.add(
              String.format(
                  Locale.ROOT,
                  "SHADOW %-13s p50 %.3f ms, p99 %.3f ms (mean of 2 rounds), p99 ratio vs plain %.3f"
                      + " (goal <= 1.10), primary errors %d (goal 0)",
                  name,
                  ls.stream().mapToDouble(l -> l.percentileMillis(50)).average().orElseThrow(),
                  meanP99(ls),
                  meanP99(ls) / plainP99,
                  errors));
        }
        for (String name : List.of("shadow-fail", "shadow-stall")) {
          report.add(
              "  "
                  + name
                  + " shadow report: "
                  + call(
                      base,
                      "GET",
                      "/api/v1/endpoints/" + endpoints.get(name) + "/shadow",
                      null,
                      200));
        }
      }
      say("");
      say("RESULTS");
      report.forEach(line -> say("%s", line));
    } finally {
      stopAll();
      kafka.destroy();
    }
  }

  private static double meanP99(List<Latencies> rounds) {
    return rounds.stream().mapToDouble(l -> l.percentileMillis(99)).average().orElseThrow();
  }

  private static Target target(
      String kind, String base, Map<String, String> endpoints, String viewer) {
    return Target.of(kind, base + "/endpoints/" + endpoints.get(kind) + "/invocations", viewer);
  }

  /** Sends one request and returns the status; throws on transport failure. */
  interface Driver {
    String name();

    int post(byte[] body) throws IOException, InterruptedException;
  }

  private static Driver jdk(Target target) {
    return new Driver() {
      @Override
      public String name() {
        return target.name();
      }

      @Override
      public int post(byte[] body) throws IOException, InterruptedException {
        return target.send(body).statusCode();
      }
    };
  }

  /**
   * Blocking HTTP/1.1 through {@link java.net.HttpURLConnection}: each client thread does its own
   * socket I/O on a kept-alive connection (no shared selector thread), POSTs are never retried.
   */
  static final class BlockingDriver implements Driver {
    static {
      // Keep every client thread's connection alive (default 5 per destination); a failed POST
      // is an error, not silently resent.
      System.setProperty("http.maxConnections", "4096");
      System.setProperty("sun.net.http.retryPost", "false");
    }

    private final String name;
    private final java.net.URL url;
    private final String authorization;

    BlockingDriver(String name, String url, String authorization) {
      this.name = name;
      this.url = toUrl(url);
      this.authorization = authorization;
    }

    private static java.net.URL toUrl(String url) {
      try {
        return URI.create(url).toURL();
      } catch (java.net.MalformedURLException e) {
        throw new IllegalArgumentException(url, e);
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int post(byte[] body) throws IOException {
      java.net.HttpURLConnection c = (java.net.HttpURLConnection) url.openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length);
      c.setConnectTimeout(5_000);
      c.setReadTimeout(30_000);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty("Authorization", authorization);
      try (java.io.OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      // Read the whole answer so the connection goes back to the keep-alive cache.
      try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      return status;
    }
  }

  /** Closed loop: {@code clients} threads each send their share as fast as answers come. */
  private Latencies saturate(Driver target, int clients, int requests) throws Exception {
    long[] nanos = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch done = new CountDownLatch(clients);
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      pool.execute(
          () -> {
            try {
              int i;
              while ((i = next.getAndIncrement()) < requests) {
                long before = System.nanoTime();
                try {
                  int status = target.post(BODY);
                  if (status != 200) {
                    errors.incrementAndGet();
                    statuses.merge(status, 1, Integer::sum);
                  }
                } catch (IOException e) {
                  errors.incrementAndGet();
                  statuses.merge(-1, 1, Integer::sum);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                nanos[i] = System.nanoTime() - before;
              }
            } finally {
              done.countDown();
            }
          });
    }
    done.await();
    long wall = System.nanoTime() - start;
    pool.shutdown();
    Latencies result = Latencies.of(nanos, wall, errors.get());
    say(
        "  %-16s %s%s",
        target.name(), result.summary(), statuses.isEmpty() ? "" : " statuses " + statuses);
    return result;
  }

  /** Open loop at a fixed rate; latency counts from when a request was due. */
  private Latencies openLoop(Target target, double rate, int requests) throws Exception {
    return GatewayOverheadBenchmark.openLoop(null, null, target, BODY, rate, requests);
  }

  private void setDeployments(String base, String endpoint, String variants) throws Exception {
    call(
        base,
        "PUT",
        "/api/v1/endpoints/" + endpoint + "/deployments",
        "{\"deployments\": " + variants + "}",
        200);
  }

  private String call(String base, String method, String path, String body, int expected)
      throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", ENGINEER)
                    .method(
                        method,
                        body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Makes the model the group's champion the way training does: a model.alias-moved event. */
  private void deploy(String brokers, String group, ChurnModel model) throws Exception {
    ModelAliasMoved moved =
        new ModelAliasMoved(
            TEAM,
            group,
            ModelAliasMoved.CHAMPION,
            null,
            1,
            model.path().toUri().toString(),
            "binary",
            ChurnModel.SCHEMA,
            Map.of("auc", 0.9));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(Topics.MODELS, group, json.writeValueAsString(moved));
      header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
      header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
      header(record, CloudEventHeaders.TYPE, moved.cloudEventType());
      header(record, CloudEventHeaders.SOURCE, "/training-service");
      header(record, CloudEventHeaders.SUBJECT, group);
      header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
      header(record, CloudEventHeaders.TEAM, TEAM);
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void awaitServing(Target target, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = target.send(BODY).statusCode();
      if (last == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(target.name() + " is not serving (last status " + last + ")");
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
}
