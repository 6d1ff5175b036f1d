package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.gateway.TrainedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataPlaneIT extends GatewayItSupport {

  @TempDir static Path dir;
  @Autowired MeterRegistry meters;
  @Autowired RecordedSpans spans;
  @Autowired org.springframework.boot.web.server.context.WebServerApplicationContext server;

  @org.springframework.beans.factory.annotation.Value("${local.server.port}")
  int port;

  private final String endpoint = unique("scoring");
  private final String group = unique("scoring-model");
  private TrainedModel model;
  private double[] expected;

  @BeforeAll
  void deployChampion() throws Exception {
    model = TrainedModel.train(dir, 12);
    expected = model.predict(ENCODED);
    createEndpoint(endpoint, group, 1.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, model));
    awaitDeployedVersion(endpoint, 1);
  }

  @Test
  void oipInferWithOneInputPerFeatureReturnsTheBoostersPredictions() throws Exception {
    Map<String, Object> body =
        Map.of(
            "id",
            "req-1",
            "inputs",
            List.of(
                tensor("age", "INT64", List.of(3), List.of(35, 22, 58)),
                tensor("income", "FP64", List.of(3, 1), List.of(60.0, 20.5, 95.25)),
                tensor("plan", "BYTES", List.of(3), List.of("pro", "basic", "plus"))));
    MvcResult result =
        withModelHeaders(oip("/v2/models/" + endpoint + "/infer", body))
            .andExpect(jsonPath("$.model_name").value(endpoint))
            .andExpect(jsonPath("$.model_version").value("1"))
            .andExpect(jsonPath("$.id").value("req-1"))
            .andExpect(jsonPath("$.outputs[0].name").value("predict"))
            .andExpect(jsonPath("$.outputs[0].datatype").value("FP64"))
            .andExpect(jsonPath("$.outputs[0].shape[0]").value(3))
            .andReturn();
    assertThat(outputs(result, "outputs")).containsExactly(expected);
  }

  @Test
  void oipInferWithOneMatrixInputReturnsTheBoostersPredictions() throws Exception {
    List<Object> flat = new ArrayList<>();
    ROWS.forEach(flat::addAll);
    Map<String, Object> body =
        Map.of("inputs", List.of(tensor("input-0", "FP64", List.of(3, 3), ROWS)));
    MvcResult result =
        withModelHeaders(oip("/v2/models/" + endpoint + "/versions/1/infer", body)).andReturn();
    assertThat(outputs(result, "outputs")).containsExactly(expected);

    Map<String, Object> flatBody =
        Map.of("inputs", List.of(tensor("input-0", "FP64", List.of(3, 3), flat)));
    MvcResult flatResult =
        withModelHeaders(oip("/v2/models/" + endpoint + "/infer", flatBody)).andReturn();
    assertThat(outputs(flatResult, "outputs")).containsExactly(expected);
  }

  @Test
  void oipRefusesAVersionThatIsNotDeployed() throws Exception {
    Map<String, Object> body =
        Map.of("inputs", List.of(tensor("input-0", "FP64", List.of(3, 3), ROWS)));
    oipRequest("/v2/models/" + endpoint + "/versions/9/infer", body)
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void oipRejectsAVersionThatIsNotANumberNamingIt() throws Exception {
    oipRequest("/v2/models/" + endpoint + "/versions/latest/infer", Map.of("inputs", List.of()))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("version"))
        .andExpect(jsonPath("$.detail").value(containsString("'latest'")))
        .andExpect(jsonPath("$.requestId").isNotEmpty());
  }

  @Test
  void refusesAnotherMethodOnTheInferenceRoutesWithAllow() throws Exception {
    for (String path : inferenceRoutes()) {
      mvc.perform(put(path).header("Authorization", VIEWER))
          .andExpect(status().isMethodNotAllowed())
          .andExpect(header().string("Allow", "POST"))
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.instance").value(path));
    }
  }

  private List<String> inferenceRoutes() {
    return List.of(
        "/endpoints/" + endpoint + "/invocations",
        "/v2/models/" + endpoint + "/infer",
        "/v2/models/" + endpoint + "/versions/1/infer");
  }

  @Test
  void answersOptionsOnTheInferenceRoutesWithTheAllowedMethods() throws Exception {
    for (String path : inferenceRoutes()) {
      mvc.perform(options(path).header("Authorization", VIEWER))
          .andExpect(status().isOk())
          .andExpect(header().string("Allow", "POST,OPTIONS"))
          .andExpect(content().string(""));
    }
  }

  @Test
  void leavesOtherPathsUnderTheInferencePrefixesToTheirHandlers() throws Exception {
    // Near misses of the inference routes: not served as inference, answered as unknown paths.
    for (String path :
        List.of(
            "/endpoints/" + endpoint + "/invocations/extra",
            "/endpoints/" + endpoint + "/invocation",
            "/v2/models/" + endpoint + "/versions/1/infer/more")) {
      mvc.perform(
              post(path)
                  .header("Authorization", VIEWER)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(json.writeValueAsString(ROWS)))
          .andExpect(status().isNotFound());
    }
  }

  @Test
  void oipDescribesTheServerAndTheModel() throws Exception {
    mvc.perform(get("/v2/health/live")).andExpect(status().isOk());
    mvc.perform(get("/v2/health/ready")).andExpect(jsonPath("$.ready").value(true));
    mvc.perform(get("/v2").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").value("aifactory-inference-gateway"));
    mvc.perform(get("/v2/models/" + endpoint).header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").value(endpoint))
        .andExpect(jsonPath("$.versions[0]").value("1"))
        .andExpect(jsonPath("$.platform").value("xgboost"))
        .andExpect(jsonPath("$.inputs[0].name").value("age"))
        .andExpect(jsonPath("$.inputs[2].name").value("plan"))
        .andExpect(jsonPath("$.inputs[2].datatype").value("BYTES"));
    mvc.perform(get("/v2/models/" + endpoint + "/versions/1").header("Authorization", VIEWER))
        .andExpect(status().isOk());
    mvc.perform(get("/v2/models/" + endpoint + "/ready").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.ready").value(true));
  }

  @Test
  void invocationsAcceptJsonRowsObjectsAndBareArrays() throws Exception {
    List<Map<String, Object>> objects =
        ROWS.stream()
            .map(r -> Map.<String, Object>of("age", r.get(0), "income", r.get(1), "plan", r.get(2)))
            .toList();
    for (Object body : List.of(Map.of("instances", ROWS), Map.of("instances", objects), ROWS)) {
      MvcResult result =
          withModelHeaders(
                  mvc.perform(
                      invoke()
                          .contentType(MediaType.APPLICATION_JSON)
                          .content(json.writeValueAsString(body))))
              .andReturn();
      assertThat(outputs(result, "predictions")).containsExactly(expected);
    }
  }

  @Test
  void invocationsAnswerCsvWithCsv() throws Exception {
    MvcResult result =
        withModelHeaders(
                mvc.perform(
                    invoke()
                        .contentType("text/csv")
                        .accept("text/csv")
                        .content("35,60.0,pro\n22,20.5,basic\n58,95.25,plus\n")))
            .andExpect(content().contentTypeCompatibleWith("text/csv"))
            .andReturn();
    double[] got =
        Arrays.stream(result.getResponse().getContentAsString().trim().split("\n"))
            .mapToDouble(Double::parseDouble)
            .toArray();
    assertThat(got).containsExactly(expected);
  }

  @Test
  void capturesSampledRowsOnTheCaptureTopic() throws Exception {
    String requestId = "cap-" + UUID.randomUUID();
    mvc.perform(
            invoke()
                .header("X-Request-Id", requestId)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("instances", ROWS))))
        .andExpect(status().isOk());

    List<CapturedInference> captured = new ArrayList<>();
    List<ConsumerRecord<String, String>> records =
        consume(
            Topics.INFERENCE_CAPTURES,
            endpoint,
            found -> {
              captured.clear();
              found.forEach(
                  r ->
                      json.readValue(r.value(), InferenceCaptured.class).records().stream()
                          .filter(c -> requestId.equals(c.requestId()))
                          .forEach(captured::add));
              return captured.size() >= 3;
            });
    ConsumerRecord<String, String> record = records.get(0);
    assertThat(ceHeader(record, CloudEventHeaders.TYPE))
        .isEqualTo("dev.aifactory.inference.captured.v1");
    assertThat(ceHeader(record, CloudEventHeaders.SOURCE)).isEqualTo("/inference-gateway");
    assertThat(ceHeader(record, CloudEventHeaders.SUBJECT)).isEqualTo(endpoint);
    assertThat(ceHeader(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
    assertThat(ceHeader(record, CloudEventHeaders.TEAM)).isEqualTo(TEAM);
    assertThat(ceHeader(record, CloudEventHeaders.ID)).isNotBlank();
    assertThat(ceHeader(record, CloudEventHeaders.TIME)).isNotBlank();
    assertThat(ceHeader(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    CapturedInference first = captured.get(0);
    assertThat(first.endpoint()).isEqualTo(endpoint);
    assertThat(first.variant()).isEqualTo("primary");
    assertThat(first.modelGroup()).isEqualTo(group);
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.latencyMs()).isGreaterThanOrEqualTo(first.overheadMs());
    assertThat(captured)
        .extracting(CapturedInference::prediction)
        .containsExactlyInAnyOrder(expected[0], expected[1], expected[2]);
    assertThat(captured)
        .anySatisfy(
            c ->
                assertThat(c.features())
                    .containsEntry("age", 35.0)
                    .containsEntry("income", 60.0)
                    .containsEntry("plan", "pro"));
    assertThat(
            meters
                .find("aifactory.gateway.captures")
                .tag("endpoint", endpoint)
                .tag("outcome", "sent")
                .counter())
        .isNotNull();
    // The capture buffer's gauges (Grafana's "Capture buffer" panel).
    assertThat(meters.get("aifactory.gateway.capture.capacity").gauge().value()).isPositive();
    assertThat(meters.find("aifactory.gateway.capture.queued").gauge()).isNotNull();
  }

  @Test
  void recordsRequestAndOverheadMetrics() throws Exception {
    mvc.perform(
            invoke().contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(ROWS)))
        .andExpect(status().isOk());
    Timer requests =
        meters
            .find("aifactory.gateway.requests")
            .tags(
                "team",
                TEAM,
                "endpoint",
                endpoint,
                "model",
                group,
                "version",
                "1",
                "variant",
                "primary",
                "status",
                "200")
            .timer();
    assertThat(requests).isNotNull();
    assertThat(requests.count()).isPositive();
    assertThat(meters.find("aifactory.gateway.overhead").tag("endpoint", endpoint).timer())
        .isNotNull();
    // The route's pattern, not the path, is the uri tag (inference bypasses Spring MVC).
    assertThat(
            meters
                .find("http.server.requests")
                .tags("uri", "/endpoints/{name}/invocations", "method", "POST", "status", "200")
                .timer())
        .isNotNull();
  }

  @Test
  void recordsEachInferenceRequestOnceInTheServerMetricWithTheManagementRoutesTagKeys()
      throws Exception {
    String uri = "/endpoints/{name}/invocations";
    long before = serverRequests(uri, "200");
    long refusedBefore = serverRequests(uri, "401");
    mvc.perform(
            invoke().contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(ROWS)))
        .andExpect(status().isOk());
    // Refused by the security chain, which runs inside the observation: still the route's uri.
    mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)))
        .andExpect(status().isUnauthorized());
    mvc.perform(get("/api/v1/endpoints").header("Authorization", VIEWER))
        .andExpect(status().isOk());

    assertThat(serverRequests(uri, "200")).isEqualTo(before + 1);
    // Observed by one filter only: a second one would record the request without a route.
    assertThat(meters.find("http.server.requests").tag("uri", "UNKNOWN").timers()).isEmpty();
    assertThat(serverRequests(uri, "401")).isEqualTo(refusedBefore + 1);
    Timer inference = meters.find("http.server.requests").tags("uri", uri, "status", "200").timer();
    Timer management =
        meters
            .find("http.server.requests")
            .tags("uri", "/api/v1/endpoints", "method", "GET", "status", "200")
            .timer();
    assertThat(management).isNotNull();
    // One metric name, one set of tag keys: Prometheus refuses a name with two.
    assertThat(tagKeys(inference)).isEqualTo(tagKeys(management));
    assertThat(inference.getId().getTag("outcome")).isEqualTo("SUCCESS");
    assertThat(inference.getId().getTag("exception")).isEqualTo("none");
  }

  @Test
  void continuesTheCallersTraceOnTheInferenceRequestsServerSpan() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentId = "00f067aa0ba902b7";
    mvc.perform(
            invoke()
                .header("traceparent", "00-" + traceId + "-" + parentId + "-01")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)))
        .andExpect(status().isOk());

    assertThat(spans.finished())
        .filteredOn(span -> traceId.equals(span.traceId()))
        .singleElement()
        .satisfies(
            span -> {
              assertThat(span.parentId()).isEqualTo(parentId);
              assertThat(span.kind()).isEqualTo(brave.Span.Kind.SERVER);
              assertThat(span.name()).isEqualTo("http post /endpoints/{name}/invocations");
              assertThat(span.tag("status")).isEqualTo("200");
              assertThat(span.tag("uri")).isEqualTo("/endpoints/{name}/invocations");
              assertThat(span.tag("http.url")).isEqualTo("/endpoints/" + endpoint + "/invocations");
            });
  }

  private long serverRequests(String uri, String status) {
    Timer timer =
        meters
            .find("http.server.requests")
            .tags("uri", uri, "method", "POST", "status", status)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private static List<String> tagKeys(Timer timer) {
    return timer.getId().getTags().stream().map(io.micrometer.core.instrument.Tag::getKey).toList();
  }

  @Test
  void rejectsAWrongFeatureCount() throws Exception {
    badInvocation("{\"instances\": [[35, 60.0]]}", "instances[0]")
        .andExpect(jsonPath("$.detail").value(containsString("expects 3 features")));
  }

  @Test
  void rejectsAnUnknownFeatureName() throws Exception {
    Map<String, Object> body =
        Map.of(
            "inputs",
            List.of(
                tensor("age", "INT64", List.of(1), List.of(35)),
                tensor("colour", "BYTES", List.of(1), List.of("red"))));
    badRequest(() -> oipRequest("/v2/models/" + endpoint + "/infer", body), "inputs[1].name");
    badInvocation(
        "{\"instances\": [{\"age\": 35, \"income\": 1.0, \"plan\": \"pro\", \"colour\": 1}]}",
        "instances[0].colour");
  }

  @Test
  void rejectsANonNumericValueOfANumericFeature() throws Exception {
    badInvocation("{\"instances\": [[\"old\", 60.0, \"pro\"]]}", "instances[0][0]")
        .andExpect(jsonPath("$.detail").value(containsString("'age' is numeric")));
  }

  @Test
  void rejectsRaggedRows() throws Exception {
    badRequest(
        () -> mvc.perform(invoke().contentType("text/csv").content("35,60.0,pro\n22,20.5\n")),
        "rows[1]");
    Map<String, Object> body =
        Map.of(
            "inputs",
            List.of(
                tensor("age", "INT64", List.of(2), List.of(35, 22)),
                tensor("income", "FP64", List.of(1), List.of(60.0)),
                tensor("plan", "BYTES", List.of(2), List.of("pro", "basic"))));
    badRequest(() -> oipRequest("/v2/models/" + endpoint + "/infer", body), "inputs[1].shape");
  }

  @Test
  void rejectsEmptyInstances() throws Exception {
    badInvocation("{\"instances\": []}", "instances");
  }

  @Test
  void rejectsABodyOverTenMegabytes() throws Exception {
    byte[] body = new byte[10 * 1024 * 1024 + 1];
    Arrays.fill(body, (byte) ' ');
    mvc.perform(invoke().contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().is(413))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void readsChunkedBodiesAndRefusesOneOverTheLimit() throws Exception {
    // Over real HTTP: a body from a stream goes out chunked, with no Content-Length.
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    byte[] rows = json.writeValueAsBytes(ROWS);
    java.net.http.HttpResponse<String> ok =
        client.send(chunked(rows), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).startsWith("{\"predictions\":[");

    byte[] huge = new byte[10 * 1024 * 1024 + 1];
    Arrays.fill(huge, (byte) ' ');
    java.net.http.HttpResponse<String> tooLarge =
        client.send(chunked(huge), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void answersOverHttpWithEachModelHeaderOnce() throws Exception {
    // MockMvc runs no Tomcat: only a real exchange shows the headers as Tomcat writes them.
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                invocation(
                    java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                        json.writeValueAsBytes(ROWS))),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    java.net.http.HttpHeaders headers = answer.headers();
    assertThat(headers.allValues("X-Model-Version")).containsExactly("1");
    assertThat(headers.allValues("X-Model-Variant")).containsExactly("primary");
    assertThat(headers.allValues("X-Amzn-Invoked-Production-Variant")).containsExactly("primary");
    assertThat(headers.allValues("Cache-Control")).containsExactly("no-store");
    assertThat(headers.allValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(headers.allValues("X-Gateway-Overhead-Ms"))
        .singleElement()
        .satisfies(value -> assertThat(value).matches("\\d+\\.\\d{3}"));
  }

  @Test
  void servesAServiceCallerActingForTheEndpointsTeamOverHttp() throws Exception {
    // Over Tomcat: the inference routes run before Spring MVC, with no request bound to the thread.
    String service = TestJwts.bearer("ci-runner", "platform", Caller.SERVICE);
    String path = "/endpoints/" + endpoint + "/invocations";
    String rows = json.writeValueAsString(ROWS);

    java.net.http.HttpResponse<String> acting =
        send("POST", path, service, rows, Map.of(Caller.ON_BEHALF_OF_HEADER, TEAM));
    java.net.http.HttpResponse<String> forOtherTeam =
        send("POST", path, service, rows, Map.of(Caller.ON_BEHALF_OF_HEADER, OTHER_TEAM));
    java.net.http.HttpResponse<String> forNoTeam = send("POST", path, service, rows);

    assertThat(acting.statusCode()).as(acting.body()).isEqualTo(200);
    assertThat(json.readTree(acting.body()).path("predictions").size()).isEqualTo(ROWS.size());
    assertThat(forOtherTeam.statusCode()).isEqualTo(404);
    assertThat(forNoTeam.statusCode()).isEqualTo(400);
    assertThat(forNoTeam.body()).contains(Caller.ON_BEHALF_OF_HEADER);
  }

  @Test
  void mapsFourServletFiltersToTheInferenceRoutesWhichTheValveCallsInstead() {
    // Each mapped filter is one more lookup under a context-wide lock per request in Tomcat
    // (gateway.web.ServletFilters). The inference routes are served by a context valve calling
    // these four filters (TomcatInferenceRoutes.Registration): a filter mapped
    // to these paths later fails this test until the valve calls it too.
    org.apache.catalina.Context context = tomcatContext();
    List<String> valveFilters =
        List.of(
            "requestIdFilter",
            "dataPlaneObservation",
            "springSecurityFilterChain",
            "inferenceRoutes");

    assertThat(filtersApplied(context, "/endpoints/" + endpoint + "/invocations"))
        .isEqualTo(valveFilters);
    assertThat(filtersApplied(context, "/v2/models/" + endpoint + "/infer"))
        .isEqualTo(valveFilters);
    assertThat(filtersApplied(context, "/v2/models/" + endpoint + "/versions/1/infer"))
        .isEqualTo(valveFilters);
    assertThat(filtersApplied(context, "/api/v1/endpoints"))
        .containsExactly("requestIdFilter", "dataPlaneObservation", "springSecurityFilterChain");
  }

  @Test
  void servesTheInferenceRoutesOverTomcatWithoutBuildingAFilterChain() throws Exception {
    // Tomcat's wrapper valve counts every request it builds a filter chain for and passes on to
    // the dispatcher servlet; the inference routes are answered by the context valve before it.
    org.apache.catalina.core.StandardWrapper dispatcher =
        (org.apache.catalina.core.StandardWrapper) tomcatContext().findChild("dispatcherServlet");
    String uri = "/endpoints/{name}/invocations";
    long observedBefore = serverRequests(uri, "200");
    long refusedBefore = serverRequests(uri, "401");
    long before = dispatcher.getRequestCount();

    java.net.http.HttpResponse<String> answered =
        send(
            "POST",
            "/endpoints/" + endpoint + "/invocations",
            VIEWER,
            json.writeValueAsString(ROWS));
    java.net.http.HttpResponse<String> oip =
        send(
            "POST",
            "/v2/models/" + endpoint + "/infer",
            VIEWER,
            json.writeValueAsString(
                Map.of("inputs", List.of(tensor("input-0", "FP64", List.of(3, 3), ROWS)))));
    java.net.http.HttpResponse<String> refused =
        send("POST", "/endpoints/" + endpoint + "/invocations", null, "[]");
    long afterInference = dispatcher.getRequestCount();
    java.net.http.HttpResponse<String> metadata =
        send("GET", "/v2/models/" + endpoint, VIEWER, null);

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(oip.statusCode()).as(oip.body()).isEqualTo(200);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(afterInference).isEqualTo(before);
    assertThat(dispatcher.getRequestCount()).isEqualTo(afterInference + 1);
    // ... and still through the filters: request id, observation, security.
    for (java.net.http.HttpResponse<String> response : List.of(answered, oip, refused)) {
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }
    assertThat(serverRequests(uri, "200")).isEqualTo(observedBefore + 1);
    assertThat(serverRequests(uri, "401")).isEqualTo(refusedBefore + 1);
  }

  private org.apache.catalina.Context tomcatContext() {
    return (org.apache.catalina.Context)
        ((org.springframework.boot.tomcat.TomcatWebServer) server.getWebServer())
            .getTomcat()
            .getHost()
            .findChildren()[0];
  }

  /** The filters Tomcat chains for a request to {@code path}, in order (path patterns only). */
  private static List<String> filtersApplied(org.apache.catalina.Context context, String path) {
    List<String> names = new ArrayList<>();
    for (org.apache.tomcat.util.descriptor.web.FilterMap map : context.findFilterMaps()) {
      boolean onRequests =
          (map.getDispatcherMapping() & org.apache.tomcat.util.descriptor.web.FilterMap.REQUEST)
              != 0;
      boolean onPath =
          map.getMatchAllUrlPatterns()
              || Arrays.stream(map.getURLPatterns())
                  .anyMatch(
                      pattern ->
                          pattern.endsWith("/*")
                              ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                              : pattern.equals(path));
      boolean onServlet =
          map.getMatchAllServletNames()
              || Arrays.asList(map.getServletNames()).contains("dispatcherServlet");
      if (onRequests && (onPath || onServlet)) {
        names.add(map.getFilterName());
      }
    }
    return names;
  }

  private java.net.http.HttpRequest chunked(byte[] body) {
    // a body from a stream goes out chunked, with no Content-Length
    return invocation(
        java.net.http.HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(body)));
  }

  private java.net.http.HttpRequest invocation(java.net.http.HttpRequest.BodyPublisher body) {
    return java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(
                "http://127.0.0.1:" + port + "/endpoints/" + endpoint + "/invocations"))
        .header("Authorization", VIEWER)
        .header("Content-Type", "application/json")
        .POST(body)
        .build();
  }

  @Test
  void rejectsAnUnsupportedContentType() throws Exception {
    mvc.perform(invoke().contentType(MediaType.APPLICATION_XML).content("<rows/>"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void hidesOtherTeamsEndpoints() throws Exception {
    mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .header("Authorization", OUTSIDER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/v2/models/" + endpoint).header("Authorization", OUTSIDER))
        .andExpect(status().isNotFound());
  }

  @Test
  void refusesInferenceWithoutAToken() throws Exception {
    mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(
            post("/v2/models/" + endpoint + "/infer")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void refusesMissingExpiredAndForgedTokensOnEveryDataPlaneRouteOverHttp() throws Exception {
    String valid = TestJwts.token("vic", TEAM, "viewer");
    String other = TestJwts.token("olga", OTHER_TEAM, "admin");
    String forged =
        valid.substring(0, valid.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    List<String> refusedCredentials =
        Arrays.asList(
            null,
            "Bearer " + TestJwts.expiredToken("vic", TEAM, "viewer"),
            "Bearer " + forged,
            "Basic dmljOnNlY3JldA==");
    String rows = json.writeValueAsString(ROWS);
    for (String credential : refusedCredentials) {
      for (String[] route :
          List.of(
              new String[] {"POST", "/endpoints/" + endpoint + "/invocations", rows},
              new String[] {"POST", "/v2/models/" + endpoint + "/infer", "{}"},
              new String[] {"GET", "/v2", null},
              new String[] {"GET", "/v2/models/" + endpoint, null},
              new String[] {"GET", "/v2/models/" + endpoint + "/ready", null})) {
        java.net.http.HttpResponse<String> answer = send(route[0], route[1], credential, route[2]);
        assertThat(answer.statusCode())
            .as("%s %s with %s", route[0], route[1], credential)
            .isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(answer.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      }
    }
    // The same token, unforged, is served: the refusals above were the credentials'. Alternated
    // with refused ones many times, so a request thread that just served the valid header (and
    // remembers it, TomcatBearerTokens) is asked to serve the others.
    String invocations = "/endpoints/" + endpoint + "/invocations";
    for (int i = 0; i < 20; i++) {
      assertThat(send("POST", invocations, "Bearer " + valid, rows).statusCode()).isEqualTo(200);
      assertThat(send("POST", invocations, "Bearer " + forged, rows).statusCode()).isEqualTo(401);
      assertThat(send("POST", invocations, refusedCredentials.get(1), rows).statusCode())
          .isEqualTo(401);
    }
    // Health answers whatever credentials come with it (probes carry none, or stale ones).
    assertThat(send("GET", "/v2/health/ready", "Bearer " + forged, null).statusCode())
        .isEqualTo(200);
  }

  private java.net.http.HttpResponse<String> send(
      String method, String path, String authorization, String body) throws Exception {
    return send(method, path, authorization, body, Map.of());
  }

  private java.net.http.HttpResponse<String> send(
      String method, String path, String authorization, String body, Map<String, String> headers)
      throws Exception {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private MockHttpServletRequestBuilder invoke() {
    return post("/endpoints/" + endpoint + "/invocations").header("Authorization", VIEWER);
  }

  private ResultActions oip(String path, Object body) throws Exception {
    return oipRequest(path, body).andExpect(status().isOk());
  }

  private ResultActions oipRequest(String path, Object body) throws Exception {
    return mvc.perform(
        post(path)
            .header("Authorization", VIEWER)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body)));
  }

  private static ResultActions withModelHeaders(ResultActions actions) throws Exception {
    return actions
        .andExpect(status().isOk())
        .andExpect(header().string("X-Model-Version", "1"))
        .andExpect(header().string("X-Model-Variant", "primary"))
        .andExpect(header().string("X-Amzn-Invoked-Production-Variant", "primary"))
        .andExpect(
            header()
                .string(
                    "X-Gateway-Overhead-Ms", org.hamcrest.Matchers.matchesRegex("\\d+\\.\\d{3}")));
  }

  /** Performs a request. */
  private interface Call {
    ResultActions perform() throws Exception;
  }

  private ResultActions badInvocation(String body, String field) throws Exception {
    return badRequest(
        () -> mvc.perform(invoke().contentType(MediaType.APPLICATION_JSON).content(body)), field);
  }

  private ResultActions badRequest(Call call, String field) throws Exception {
    double before = badRequests();
    ResultActions checked =
        call.perform()
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.errors[0].field").value(field));
    // The rejection is counted, and the endpoint still serves what it served.
    assertThat(badRequests()).isGreaterThan(before);
    assertThat(deployedVersion(endpoint)).contains(1);
    return checked;
  }

  private double badRequests() {
    return meters.find("aifactory.gateway.requests").tag("status", "400").timers().stream()
        .mapToDouble(Timer::count)
        .sum();
  }

  private double[] outputs(MvcResult result, String field) throws Exception {
    Map<?, ?> body = json.readValue(result.getResponse().getContentAsString(), Map.class);
    List<?> values;
    if ("outputs".equals(field)) {
      values = (List<?>) ((Map<?, ?>) ((List<?>) body.get("outputs")).get(0)).get("data");
    } else {
      values = (List<?>) body.get(field);
    }
    return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  private static Map<String, Object> tensor(
      String name, String datatype, List<Integer> shape, List<?> data) {
    return Map.of("name", name, "datatype", datatype, "shape", shape, "data", data);
  }
}
