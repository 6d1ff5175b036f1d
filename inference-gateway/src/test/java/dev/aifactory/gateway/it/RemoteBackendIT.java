package dev.aifactory.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aifactory.gateway.TrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Variants served by a remote Open Inference Protocol v2 server (WireMock speaking OIP v2): the
 * request and answer shapes, timeouts, the circuit breaker and its fallback variant, throttling and
 * health checks. Test settings: 1 s timeout, breaker over 20 calls, health every 200 ms.
 */
class RemoteBackendIT extends GatewayItSupport {

  private static final WireMockServer server =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());

  @TempDir Path dir;
  private String endpoint;
  private String model;

  @BeforeAll
  static void startServer() {
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  /** An endpoint serving local champion v1; a fresh model name on the server for each test. */
  @BeforeEach
  void endpointAndHealthyServer() throws Exception {
    endpoint = unique("remote");
    String group = unique("remote-model");
    createEndpoint(endpoint, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, TrainedModel.train(dir, 5)));
    awaitDeployedVersion(endpoint, 1);
    model = unique("churn");
    stubGet("/v2/health/live", 200);
    stubGet("/v2/health/ready", 200);
    stubGet(modelPath() + "/ready", 200);
  }

  @Test
  void scoresThroughAnOipServerSendingOneFp32Tensor() throws Exception {
    stubInfer(aResponse().withStatus(200).withBody(outputs("[0.1, 0.8, 0.3]", "[3]")));
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\", \"url\": \""
                + url()
                + "\"}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.deployments[0].backend").value("oip"));

    invoke()
        .andExpect(status().isOk())
        .andExpect(header().string("X-Amzn-Invoked-Production-Variant", "remote"))
        .andExpect(jsonPath("$.predictions[0]").value(0.1))
        .andExpect(jsonPath("$.predictions[1]").value(0.8));

    server.verify(
        postRequestedFor(urlEqualTo(modelPath() + "/infer"))
            .withRequestBody(
                equalToJson(
                    "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[3,3],\"datatype\":\"FP32\","
                        + "\"data\":[35.0,60.0,2.0,22.0,20.5,0.0,58.0,95.25,1.0]}]}")));
  }

  @Test
  void aFailingServerOpensTheBreakerWithin20CallsThenFailsFastToTheFallbackVariant()
      throws Exception {
    stubInfer(aResponse().withStatus(500).withBody("boom"));
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\","
                + " \"url\": \""
                + url()
                + "\"}, {\"variant\": \"standby\", \"version\": 1, \"weight\": 0}")
        .andExpect(status().isOk());

    int failed = 0;
    for (int i = 0; i < 40; i++) {
      int status = invoke().andReturn().getResponse().getStatus();
      if (status == 502) {
        failed++;
      } else {
        assertThat(status).isEqualTo(200);
      }
    }
    assertThat(failed).isEqualTo(20);
    // Open: the server saw no call after the 20th, the standby variant answered the rest.
    server.verify(20, postRequestedFor(urlEqualTo(modelPath() + "/infer")));
    invoke()
        .andExpect(status().isOk())
        .andExpect(header().string("X-Amzn-Invoked-Production-Variant", "standby"));
  }

  @Test
  void anOpenBreakerWithoutFallbackAnswers503WithRetryAfter() throws Exception {
    stubInfer(aResponse().withStatus(503));
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\", \"url\": \""
                + url()
                + "\"}")
        .andExpect(status().isOk());
    for (int i = 0; i < 20; i++) {
      invoke()
          .andExpect(status().isBadGateway())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
    invoke()
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/backend-circuit-open"))
        .andExpect(header().string("Retry-After", "30"));
    server.verify(20, postRequestedFor(urlEqualTo(modelPath() + "/infer")));
  }

  @Test
  void aSlowServerTimesOutWith504() throws Exception {
    stubInfer(
        aResponse()
            .withStatus(200)
            .withFixedDelay(4000)
            .withBody(outputs("[0.1, 0.8, 0.3]", "[3]")));
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\", \"url\": \""
                + url()
                + "\"}")
        .andExpect(status().isOk());
    invoke()
        .andExpect(status().isGatewayTimeout())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/backend-timeout"));
  }

  @Test
  void aThrottlingServerIsA503CarryingItsRetryAfter() throws Exception {
    stubInfer(aResponse().withStatus(429).withHeader("Retry-After", "7"));
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\", \"url\": \""
                + url()
                + "\"}")
        .andExpect(status().isOk());
    invoke()
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/backend-throttled"))
        .andExpect(header().string("Retry-After", "7"));
    // Throttling is not a failure to retry: one call only.
    server.verify(1, postRequestedFor(urlEqualTo(modelPath() + "/infer")));
  }

  @Test
  void aServerThatStopsBeingReadyGetsNoRequestsWhileAnotherVariantCanAnswer() throws Exception {
    stubInfer(
        aResponse()
            .withStatus(200)
            .withBody(outputs("[[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]]", "[3, 2]")));
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 0.5, \"backend\": \"oip\","
                + " \"url\": \""
                + url()
                + "\"}, {\"variant\": \"local\", \"version\": 1, \"weight\": 0.5}")
        .andExpect(status().isOk());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      seen.add(invoke().andReturn().getResponse().getHeader("X-Amzn-Invoked-Production-Variant"));
    }
    assertThat(seen).containsExactlyInAnyOrder("remote", "local");

    stubGet(modelPath() + "/ready", 503);
    int before =
        server
            .countRequestsMatching(postRequestedFor(urlEqualTo(modelPath() + "/infer")).build())
            .getCount();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              // Keep polling until a round of requests goes to the local variant only.
              Set<String> round = new HashSet<>();
              for (int i = 0; i < 10; i++) {
                round.add(
                    invoke()
                        .andReturn()
                        .getResponse()
                        .getHeader("X-Amzn-Invoked-Production-Variant"));
              }
              return round.equals(Set.of("local"));
            });
    int after =
        server
            .countRequestsMatching(postRequestedFor(urlEqualTo(modelPath() + "/infer")).build())
            .getCount();
    for (int i = 0; i < 20; i++) {
      invoke().andExpect(header().string("X-Amzn-Invoked-Production-Variant", "local"));
    }
    assertThat(
            server
                .countRequestsMatching(postRequestedFor(urlEqualTo(modelPath() + "/infer")).build())
                .getCount())
        .isEqualTo(after)
        .isGreaterThanOrEqualTo(before);
  }

  @Test
  void deployingToAServerThatIsNotReadyChangesNothing() throws Exception {
    stubGet(modelPath() + "/ready", 503);
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\", \"url\": \""
                + url()
                + "\"}")
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(routedVersion(endpoint)).isEqualTo(1);
    assertThat(routes.find(endpoint).orElseThrow().deployments().get(0).backend())
        .isEqualTo("local");
  }

  @Test
  void rejectsRemoteVariantsWithoutAUsableUrl() throws Exception {
    deploy(
            "{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"oip\", \"url\": \"ftp://x\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("deployments[0].url"));
    deploy("{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"backend\": \"triton\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("deployments[0].backend"));
    deploy("{\"variant\": \"remote\", \"version\": 1, \"weight\": 1, \"url\": \"" + url() + "\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("deployments[0].url"));
  }

  // ---- helpers ----

  private String modelPath() {
    return "/v2/models/" + model;
  }

  private String url() {
    return "http://127.0.0.1:" + server.port() + modelPath();
  }

  private static String outputs(String data, String shape) {
    return "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"out\",\"shape\":"
        + shape
        + ",\"datatype\":\"FP64\",\"data\":"
        + data.replace("[[", "[").replace("]]", "]").replace("], [", ", ")
        + "}]}";
  }

  private static void stubGet(String path, int status) {
    server.stubFor(WireMock.get(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
  }

  private void stubInfer(
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    server.stubFor(WireMock.post(urlEqualTo(modelPath() + "/infer")).willReturn(response));
  }

  private ResultActions deploy(String variants) throws Exception {
    return mvc.perform(
        put("/api/v1/endpoints/" + endpoint + "/deployments")
            .header("Authorization", ENGINEER)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"deployments\": [" + variants + "]}"));
  }

  /**
   * One invocation; a remote variant answers on the async path, written when the backend's call
   * completes, so wait for the request to complete before reading the answer.
   */
  private ResultActions invoke() throws Exception {
    ResultActions actions =
        mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .header("Authorization", VIEWER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)));
    MvcResult result = actions.andReturn();
    await().atMost(Duration.ofSeconds(30)).until(() -> !result.getRequest().isAsyncStarted());
    return actions;
  }
}
