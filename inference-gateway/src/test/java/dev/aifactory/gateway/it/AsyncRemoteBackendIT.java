package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.common.events.Topics;
import dev.aifactory.gateway.TrainedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The async request path for remote backends, over real HTTP to the real Tomcat (security, request
 * id, ASYNC dispatch and error rendering as in production), against a real OIP v2 stub server.
 *
 * <p>Tomcat gets only 4 request threads here. The stub holds every inference call until {@link
 * #CONCURRENT} of them are in flight at once: with a servlet thread held per call, at most 4 could
 * ever be, the stub would never release them and every request would time out; on the async path
 * all of them reach the stub and all answer.
 */
@TestPropertySource(
    properties = {
      "server.tomcat.threads.max=4",
      "server.tomcat.threads.min-spare=2",
      "aifactory.gateway.remote.timeout=3s"
    })
class AsyncRemoteBackendIT extends GatewayItSupport {

  private static final int CONCURRENT = 24;
  private static final String SCORES =
      "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"out\",\"shape\":[3],"
          + "\"datatype\":\"FP64\",\"data\":[0.1,0.8,0.3]}]}";

  private static HttpServer stub;

  /** Per model path: how the stub answers {@code /infer}. */
  private static final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Autowired MeterRegistry meters;
  @Autowired RecordedSpans spans;
  @TempDir Path dir;
  private String endpoint;
  private String model;

  private interface Behaviour {
    void answer(HttpExchange exchange) throws IOException;
  }

  @BeforeAll
  static void startStub() throws IOException {
    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    stub.setExecutor(Executors.newCachedThreadPool());
    stub.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!path.endsWith("/infer")) {
              respond(exchange, 200, "");
              return;
            }
            String model = path.substring(0, path.length() - "/infer".length());
            behaviours.getOrDefault(model, e -> respond(e, 404, "")).answer(exchange);
          }
        });
    stub.start();
  }

  @AfterAll
  static void stopStub() {
    stub.stop(0);
  }

  @BeforeEach
  void endpointWithLocalChampion() throws Exception {
    endpoint = unique("async");
    String group = unique("async-model");
    createEndpoint(endpoint, group, 1.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, TrainedModel.train(dir, 5)));
    awaitDeployedVersion(endpoint, 1);
    model = "/v2/models/" + unique("churn");
  }

  @Test
  void manyConcurrentCallsToASlowServerAreAllInFlightAtOnceAndAnswerWithTheirHeaders()
      throws Exception {
    CountDownLatch allArrived = new CountDownLatch(CONCURRENT);
    behaviours.put(
        model,
        exchange -> {
          allArrived.countDown();
          try {
            // Far beyond the gateway's 3 s timeout: only a full barrier lets the calls through.
            if (!allArrived.await(30, TimeUnit.SECONDS)) {
              respond(exchange, 500, "{\"error\":\"not all calls arrived\"}");
              return;
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 200, SCORES);
        });
    deployRemote("[" + remote("remote", 1) + "]");

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      calls.add(client.sendAsync(invocation("req-" + i), HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < CONCURRENT; i++) {
      HttpResponse<String> response = calls.get(i).get(60, TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Amzn-Invoked-Production-Variant"))
          .hasValue("remote");
      assertThat(response.headers().firstValue("X-Model-Version")).hasValue("1");
      assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-" + i);
      assertThat(Double.parseDouble(response.headers().firstValue("X-Gateway-Overhead-Ms").get()))
          .isGreaterThanOrEqualTo(0);
      assertThat(json.readTree(response.body()).path("predictions").get(1).asDouble())
          .isEqualTo(0.8);
    }
    assertThat(allArrived.getCount()).isZero();
  }

  @Test
  void theServerSpanAndMetricOfAnAsyncAnswerEndWhenTheAnswerIsWrittenNotWhenTheThreadLeaves()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(1);
    behaviours.put(
        model,
        exchange -> {
          arrived.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 200, SCORES);
        });
    deployRemote("[" + remote("remote", 1) + "]");
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    Timer timer =
        meters
            .find("http.server.requests")
            .tags("uri", "/endpoints/{name}/invocations", "status", "200")
            .timer();
    long before = timer == null ? 0 : timer.count();

    CompletableFuture<HttpResponse<String>> call =
        client.sendAsync(
            HttpRequest.newBuilder(invocation("async-trace"), (name, value) -> true)
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
    // The request thread has long left the filter chain (the call is parked on the async path):
    // nothing may be recorded before the answer is.
    assertThat(spans.finished()).noneMatch(span -> traceId.equals(span.traceId()));
    release.countDown();

    assertThat(call.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.finished())
                    .filteredOn(span -> traceId.equals(span.traceId()))
                    .singleElement()
                    .satisfies(span -> assertThat(span.tag("status")).isEqualTo("200")));
    assertThat(
            meters
                .find("http.server.requests")
                .tags("uri", "/endpoints/{name}/invocations", "status", "200")
                .timer()
                .count())
        .as("an earlier test's answers may still be completing: at least this one is counted")
        .isGreaterThan(before);
  }

  @Test
  void remoteAnswersAreCapturedWithTheRemoteVariant() throws Exception {
    behaviours.put(model, exchange -> respond(exchange, 200, SCORES));
    deployRemote("[" + remote("remote", 1) + "]");
    String requestId = "cap-" + UUID.randomUUID();

    HttpResponse<String> response =
        client.send(invocation(requestId), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<Double> predictions = new ArrayList<>();
    List<String> variants = new ArrayList<>();
    consume(
        Topics.INFERENCE_CAPTURES,
        endpoint,
        found -> {
          predictions.clear();
          variants.clear();
          found.forEach(
              r ->
                  json.readValue(r.value(), InferenceCaptured.class).records().stream()
                      .filter(c -> requestId.equals(c.requestId()))
                      .forEach(
                          c -> {
                            predictions.add(c.prediction());
                            variants.add(c.variant());
                          }));
          return predictions.size() >= 3;
        });
    assertThat(predictions).containsExactlyInAnyOrder(0.1, 0.8, 0.3);
    assertThat(variants).containsOnly("remote");
  }

  @Test
  void aServerThatDoesNotAnswerInTimeGetsA504ProblemNotAHangingRequest() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    behaviours.put(
        model,
        exchange -> {
          try {
            never.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 200, SCORES);
        });
    deployRemote("[" + remote("remote", 1) + "]");
    try {
      HttpResponse<String> response =
          client.send(invocation("slow-1"), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(json.readTree(response.body()).path("type").asString())
          .isEqualTo("https://aifactory.dev/problems/backend-timeout");
      assertThat(response.headers().firstValue("X-Request-Id")).hasValue("slow-1");
    } finally {
      never.countDown();
    }
  }

  @Test
  void aFailingServerOpensTheBreakerOnTheAsyncPathAndTheFallbackVariantAnswers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    behaviours.put(
        model,
        exchange -> {
          calls.incrementAndGet();
          respond(exchange, 500, "{\"error\":\"boom\"}");
        });
    deployRemote(
        "[" + remote("remote", 1) + ", {\"variant\": \"standby\", \"version\": 1, \"weight\": 0}]");

    int failed = 0;
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> response =
          client.send(invocation("b-" + i), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 502) {
        failed++;
        assertThat(json.readTree(response.body()).path("type").asString())
            .isEqualTo("https://aifactory.dev/problems/backend-failed");
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amzn-Invoked-Production-Variant"))
            .hasValue("standby");
      }
    }
    assertThat(failed).isEqualTo(20);
    assertThat(calls).hasValue(20);
  }

  @Test
  void theAsyncPathStillRequiresAValidToken() throws Exception {
    behaviours.put(model, exchange -> respond(exchange, 200, SCORES));
    deployRemote("[" + remote("remote", 1) + "]");
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(invocationsUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
  }

  // ---- helpers ----

  private String remote(String variant, double weight) {
    return "{\"variant\": \""
        + variant
        + "\", \"version\": 1, \"weight\": "
        + weight
        + ", \"backend\": \"oip\", \"url\": \"http://127.0.0.1:"
        + stub.getAddress().getPort()
        + model
        + "\"}";
  }

  private void deployRemote(String variants) throws Exception {
    mvc.perform(
            put("/api/v1/endpoints/" + endpoint + "/deployments")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"deployments\": " + variants + "}"))
        .andExpect(status().isOk());
  }

  private String invocationsUrl() {
    return "http://127.0.0.1:" + port + "/endpoints/" + endpoint + "/invocations";
  }

  private String body() throws Exception {
    return json.writeValueAsString(ROWS);
  }

  private HttpRequest invocation(String requestId) throws Exception {
    return HttpRequest.newBuilder(URI.create(invocationsUrl()))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", VIEWER)
        .header("Content-Type", "application/json")
        .header("X-Request-Id", requestId)
        .POST(HttpRequest.BodyPublishers.ofString(body()))
        .build();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
