package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** Deliveries to a real HTTP receiver on 127.0.0.1 (dev mode allows plain http to loopback). */
class WebhooksIT extends PolicyServiceIntegrationTest {

  static final String SECRET = "a-secret-of-32-characters-length";

  record Received(String path, Map<String, String> headers, String body) {}

  HttpServer receiver;
  final List<Received> received = new CopyOnWriteArrayList<>();

  /** Per path: how many requests to fail with 500 before answering 204 (-1: always fail). */
  final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", this::handle);
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    String path = exchange.getRequestURI().getPath();
    received.add(new Received(path, headers, body));
    AtomicInteger left = failuresLeft.get(path);
    boolean fail = left != null && (left.get() < 0 || left.getAndDecrement() > 0);
    exchange.sendResponseHeaders(fail ? 500 : 204, -1);
    exchange.close();
  }

  String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  ResultActions createWebhook(String clientId, Map<String, Object> body) throws Exception {
    return mvc.perform(
        post("/api/v1/webhooks")
            .header(HttpHeaders.AUTHORIZATION, bearer(clientId))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body)));
  }

  String subscribe(String path, List<String> events) throws Exception {
    MvcResult result =
        createWebhook("demo-ml", Map.of("url", url(path), "events", events, "secret", SECRET))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.secret").value(SECRET))
            .andReturn();
    assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION))
        .startsWith("/api/v1/webhooks/");
    return json.readTree(result.getResponse().getContentAsString()).get("id").asString();
  }

  /** Requests the receiver got on {@code path} about {@code group}. */
  List<Received> receivedFor(String path, String group) {
    return received.stream()
        .filter(r -> r.path().equals(path))
        .filter(r -> json.readTree(r.body()).get("event").get("subject").asString().equals(group))
        .toList();
  }

  List<JsonNode> deliveries(String webhookId, String group) throws Exception {
    return getJson("/api/v1/webhooks/" + webhookId + "/deliveries?size=200", "demo-viewer")
        .get("items")
        .valueStream()
        .filter(d -> group.equals(d.get("subject").asString()))
        .toList();
  }

  static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void deliversMatchingEventsSignedWithTheSecret() throws Exception {
    String path = "/hooks/" + unique("ok");
    String id = subscribe(path, List.of("policy.decision-recorded", "model.version-approved"));
    String group = unique("churn");
    send(LoopIT.model(group, 1, 0.9));

    await().atMost(TIMEOUT).until(() -> receivedFor(path, group).size() == 2);
    for (Received r : receivedFor(path, group)) {
      assertThat(r.headers().get("x-aifactory-signature"))
          .isEqualTo("sha256=" + hmac(SECRET, r.body()));
      JsonNode body = json.readTree(r.body());
      assertThat(r.headers().get("x-aifactory-timestamp"))
          .isEqualTo(body.get("timestamp").asString());
      assertThat(r.headers().get("x-aifactory-delivery"))
          .isEqualTo(body.get("deliveryId").asString());
      assertThat(body.get("webhookId").asString()).isEqualTo(id);
      assertThat(body.get("event").get("specversion").asString()).isEqualTo("1.0");
      assertThat(body.get("event").get("data").get("team").asString()).isEqualTo("demo");
    }
    assertThat(receivedFor(path, group))
        .extracting(r -> r.headers().get("x-aifactory-event"))
        .containsExactlyInAnyOrder("policy.decision-recorded", "model.version-approved");
    // model.version-registered was not subscribed to.
    await()
        .atMost(TIMEOUT)
        .until(
            () -> deliveries(id, group),
            ds ->
                ds.size() == 2
                    && ds.stream().allMatch(d -> d.get("status").asString().equals("delivered")));
    assertThat(deliveries(id, group)).allMatch(d -> d.get("attempts").asInt() == 1);
  }

  @Test
  void retriesAFailingReceiverWithBackoffUntilItAnswers() throws Exception {
    String path = "/hooks/" + unique("flaky");
    failuresLeft.put(path, new AtomicInteger(2));
    String id = subscribe(path, List.of("model.version-approved"));
    String group = unique("churn");
    send(LoopIT.model(group, 1, 0.9));

    JsonNode delivered =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> deliveries(id, group),
                ds -> ds.size() == 1 && ds.get(0).get("status").asString().equals("delivered"))
            .get(0);
    assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
    assertThat(delivered.get("lastStatus").asInt()).isEqualTo(204);
    List<Received> attempts = receivedFor(path, group);
    assertThat(attempts).hasSize(3);
    assertThat(attempts)
        .extracting(r -> r.headers().get("x-aifactory-delivery"))
        .containsOnly(delivered.get("id").asString());
  }

  @Test
  void givesUpAfterTheLastAttemptAndLogsWhy() throws Exception {
    String path = "/hooks/" + unique("down");
    failuresLeft.put(path, new AtomicInteger(-1));
    String id = subscribe(path, List.of("model.version-approved"));
    String group = unique("churn");
    send(LoopIT.model(group, 1, 0.9));

    JsonNode failed =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> deliveries(id, group),
                ds -> ds.size() == 1 && ds.get(0).get("status").asString().equals("failed"))
            .get(0);
    assertThat(failed.get("attempts").asInt()).isEqualTo(4);
    assertThat(failed.get("lastStatus").asInt()).isEqualTo(500);
    assertThat(failed.get("lastError").asString()).contains("500");
    assertThat(receivedFor(path, group)).hasSize(4);
  }

  int webhooksAt(String url) {
    return jdbc.sql("select count(*) from webhooks where url = :url")
        .param("url", url)
        .query(Integer.class)
        .single();
  }

  @Test
  void rejectsAUrlThatIsNotHttpsWithoutCreatingAnything() throws Exception {
    String url = "http://hooks.example.com/" + unique("x");
    createWebhook("demo-ml", Map.of("url", url, "events", List.of("model.version-approved")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("url"));
    assertThat(webhooksAt(url)).isZero();
  }

  @Test
  void rejectsUnknownEventTypesAndMissingEvents() throws Exception {
    String url = "https://hooks.example.com/" + unique("x");
    createWebhook(
            "demo-ml",
            Map.of("url", url, "events", List.of("model.version-approved", "model.exploded")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("events[1]"));
    createWebhook("demo-ml", Map.of("url", url, "events", List.of()))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("events"));
    createWebhook(
            "demo-ml",
            Map.of("url", url, "events", List.of("model.version-approved"), "secret", "short"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("secret"));
    assertThat(webhooksAt(url)).isZero();
  }

  @Test
  void letsOnlyEngineersCreateAndHidesOtherTeamsWebhooks() throws Exception {
    String url = "https://hooks.example.com/" + unique("x");
    createWebhook("demo-viewer", Map.of("url", url, "events", List.of("model.version-approved")))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(webhooksAt(url)).isZero();

    String id = subscribe("/hooks/" + unique("mine"), List.of("model.version-approved"));
    mvc.perform(
            get("/api/v1/webhooks/" + id + "/deliveries")
                .header(HttpHeaders.AUTHORIZATION, bearer("other-team")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    JsonNode mine = getJson("/api/v1/webhooks/" + id, "demo-viewer");
    assertThat(mine.get("secret").isNull()).isTrue();
  }
}
