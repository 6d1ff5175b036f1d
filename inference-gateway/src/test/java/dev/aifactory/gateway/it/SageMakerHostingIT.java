package dev.aifactory.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.gateway.TrainedModel;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.serving.EndpointProvisioner.EndpointSpec;
import dev.aifactory.gateway.serving.EndpointProvisioner.VariantSpec;
import dev.aifactory.gateway.serving.sagemaker.SageMakerEndpointProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import tools.jackson.databind.JsonNode;

/**
 * SageMaker hosting through the API, with the gateway's SageMaker client talking to the local AWS
 * emulator (moto server) through WireMock, which passes every call on to moto except the few a test
 * stubs: an endpoint that fails or never finishes creating, UpdateEndpoint (moto has none), and
 * policy's deployment admission. The hosting worker runs every 200 ms in this context.
 */
class SageMakerHostingIT extends GatewayItSupport {

  private static final WireMockServer aws =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private static final String ADMISSION = "/api/v1/admissions/deployment";
  private static final String DENIAL = "SageMaker hosting of this endpoint is not approved";
  private static final String IMAGE =
      "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
  private static MotoServer moto;
  private static SageMakerClient emulator;

  static {
    // Started before the context reads the SageMaker endpoint override and policy-url.
    aws.start();
    // The gateway's SageMaker client takes the default credential chain; the emulator takes any.
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
    }
  }

  @DynamicPropertySource
  static void sageMakerAndPolicyAtWireMock(DynamicPropertyRegistry registry) {
    registry.add("aifactory.gateway.sagemaker.endpoint-override", aws::baseUrl);
    registry.add("aifactory.gateway.hosting.worker-enabled", () -> "true");
    registry.add("aifactory.gateway.hosting.poll-interval", () -> "200ms");
    registry.add("aifactory.gateway.hosting.timeout", () -> "15s");
    registry.add("aifactory.gateway.admission.enabled", () -> "true");
    registry.add("aifactory.gateway.admission.policy-url", aws::baseUrl);
    registry.add("aifactory.gateway.admission.timeout", () -> "2s");
  }

  private static final List<StubMapping> perTest = new ArrayList<>();

  @TempDir static Path dir;
  private static TrainedModel model;

  @Autowired MeterRegistry meters;

  private String endpoint;
  private String group;

  @BeforeAll
  static void startEmulator() throws Exception {
    moto = MotoServer.start();
    emulator = moto.configure(SageMakerClient.builder()).build();
    sageMakerThroughWireMock();
    model = TrainedModel.train(dir, 3);
  }

  @AfterAll
  static void stop() {
    aws.stop();
    if (emulator != null) {
      emulator.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  /**
   * WireMock passes SageMaker calls on to the emulator and admits every deployment, unless a test
   * stubs otherwise (removed after it). Set once, so the worker never finds WireMock without them.
   */
  private static void sageMakerThroughWireMock() {
    aws.stubFor(
        any(anyUrl())
            .atPriority(10)
            .willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
    aws.stubFor(
        post(urlEqualTo("/oauth2/token"))
            .atPriority(1)
            .willReturn(
                okJson(
                    "{\"access_token\": \"gateway-token\", \"token_type\": \"Bearer\","
                        + " \"expires_in\": 3600}")));
    aws.stubFor(
        post(urlEqualTo(ADMISSION))
            .atPriority(5)
            .willReturn(
                okJson(
                    "{\"decisionId\": \"decision-1\", \"allowed\": true, \"outcome\": \"ALLOWED\","
                        + " \"reasons\": []}")));
  }

  @AfterEach
  void removeTheTestsStubs() {
    perTest.forEach(aws::removeStub);
    perTest.clear();
  }

  /** An endpoint without deployments whose group has versions 1 and 2 registered. */
  @BeforeEach
  void endpointWithTwoRegisteredVersions() throws Exception {
    aws.resetRequests();
    endpoint = unique("hosted");
    group = unique("hosted-model");
    createEndpoint(endpoint, group, 0.0);
    register(group, 1, model);
    register(group, 2, model);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("select count(*) from model_versions where team = :t and model_group = :g")
                        .param("t", TEAM)
                        .param("g", group)
                        .query(Long.class)
                        .single()
                    == 2);
  }

  @Test
  void hostsTheVariantsOnSageMakerAndRoutesTheEndpointToThem() throws Exception {
    Map<String, Object> primary = variant("primary", 1);
    primary.put("instanceCount", 2);
    primary.put("weight", 3.0);
    Map<String, Object> challenger = variant("challenger", 2);
    challenger.put("instanceType", "ml.c5.xlarge");

    String id =
        id(
            postHosting(ENGINEER, null, Map.of("variants", List.of(primary, challenger)))
                .andExpect(status().isAccepted())
                .andExpect(
                    header()
                        .string(
                            "Location",
                            containsString(
                                "/api/v1/endpoints/" + endpoint + "/sagemaker-hostings/")))
                .andExpect(jsonPath("$.status").value("REQUESTED"))
                .andExpect(jsonPath("$.sageMakerEndpoint").value(endpoint))
                .andExpect(jsonPath("$.requestedBy").value("erin")));

    awaitStatus(id, "ROUTED");

    // The gateway endpoint now sends its traffic to the SageMaker variants, split 3:1.
    mvc.perform(get("/api/v1/endpoints/" + endpoint).header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.deployments.length()").value(2))
        .andExpect(jsonPath("$.deployments[?(@.variant == 'primary')].backend").value("sagemaker"))
        .andExpect(jsonPath("$.deployments[?(@.variant == 'primary')].weight").value(0.75))
        .andExpect(jsonPath("$.deployments[?(@.variant == 'challenger')].version").value(2));
    assertThat(
            routes.find(endpoint).orElseThrow().deployments().stream()
                .map(DeployedModel::backendUrl)
                .toList())
        .containsExactlyInAnyOrder(
            "sagemaker://" + endpoint + "/primary", "sagemaker://" + endpoint + "/challenger");

    // SageMaker (the emulator) runs what was asked for.
    var described = emulator.describeEndpoint(r -> r.endpointName(endpoint));
    assertThat(described.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
    String configName = field(id, "configName");
    assertThat(described.endpointConfigName()).isEqualTo(configName);
    assertThat(
            emulator
                .describeEndpointConfig(r -> r.endpointConfigName(configName))
                .productionVariants())
        .extracting(
            v ->
                v.variantName()
                    + ":"
                    + v.instanceType()
                    + ":"
                    + v.initialInstanceCount()
                    + ":"
                    + v.initialVariantWeight())
        .containsExactlyInAnyOrder("primary:ml.m5.large:2:3.0", "challenger:ml.c5.xlarge:1:1.0");

    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings/" + id)
                .header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.sageMakerStatus").value("InService"))
        .andExpect(jsonPath("$.endpointArn").value(described.endpointArn()))
        .andExpect(jsonPath("$.variants[0].image").value(IMAGE));
    assertThat(
            meters
                .counter(
                    "aifactory.gateway.hosting.transitions",
                    "team",
                    TEAM,
                    "endpoint",
                    endpoint,
                    "status",
                    "ROUTED")
                .count())
        .isEqualTo(1.0);

    // Each transition is an event, with the capacity monitoring prices.
    assertThat(hostingEvents(id))
        .extracting(e -> e.path("status").asString())
        .containsExactly("REQUESTED", "CREATING", "IN_SERVICE", "ROUTED");
    JsonNode routed = hostingEvents(id).get(3);
    assertThat(routed.path("modelGroup").asString()).isEqualTo(group);
    assertThat(routed.path("sageMakerEndpoint").asString()).isEqualTo(endpoint);
    assertThat(routed.path("variants"))
        .extracting(
            v ->
                v.path("variant").asString()
                    + ":v"
                    + v.path("version").asInt()
                    + ":"
                    + v.path("instanceType").asString()
                    + ":"
                    + v.path("instanceCount").asInt())
        .containsExactlyInAnyOrder("primary:v1:ml.m5.large:2", "challenger:v2:ml.c5.xlarge:1");
  }

  @Test
  void withoutRouteStopsInServiceAndLeavesTheEndpointAlone() throws Exception {
    String sm = unique("unrouted");
    String id = postUnrouted(sm, variant("a", 1));

    awaitStatus(id, "IN_SERVICE");
    assertThat(emulator.describeEndpoint(r -> r.endpointName(sm)).endpointStatus())
        .isEqualTo(EndpointStatus.IN_SERVICE);
    mvc.perform(get("/api/v1/endpoints/" + endpoint).header("Authorization", ENGINEER))
        .andExpect(jsonPath("$.deployments.length()").value(0));
    // And the next hosting is no longer held up by it.
    postHosting(ENGINEER, null, Map.of("variants", List.of(variant("b", 1))))
        .andExpect(status().isAccepted());
  }

  @Test
  void tearingDownAHostingDeletesItsSageMakerEndpointConfigurationAndModels() throws Exception {
    String sm = unique("teardown");
    String id = postUnrouted(sm, variant("a", 1), variant("b", 2));
    awaitStatus(id, "IN_SERVICE");
    String config = field(id, "configName");
    assertThat(modelsOf(sm)).hasSize(2);

    deleteHosting(VIEWER, id).andExpect(status().isForbidden());
    deleteHosting(ENGINEER, id)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("DELETING"));
    awaitStatus(id, "DELETED");

    assertThatThrownBy(() -> emulator.describeEndpoint(r -> r.endpointName(sm)))
        .isInstanceOf(SageMakerException.class);
    assertThatThrownBy(() -> emulator.describeEndpointConfig(r -> r.endpointConfigName(config)))
        .isInstanceOf(SageMakerException.class);
    assertThat(modelsOf(sm)).isEmpty();
    // Deleting again changes nothing and says so.
    deleteHosting(ENGINEER, id)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("DELETED"));
    assertThat(hostingEvents(id))
        .extracting(e -> e.path("status").asString())
        .containsExactly("REQUESTED", "CREATING", "IN_SERVICE", "DELETING", "DELETED");
  }

  /** The hosting's {@code endpoint.hosting-changed} events in the outbox, in order. */
  private List<JsonNode> hostingEvents(String id) {
    return jdbc
        .sql(
            "select payload from outbox where event_type like '%.endpoint.hosting-changed.%'"
                + " and message_key = :e order by seq")
        .param("e", endpoint)
        .query(String.class)
        .list()
        .stream()
        .map(json::readTree)
        .filter(e -> id.equals(e.path("hostingId").asString()))
        .toList();
  }

  @Test
  void aHostingStillCreatingIsCancelledAndTornDownOnceSageMakerLetsIt() throws Exception {
    String sm = unique("cancelled");
    stubSageMaker(sm, "Creating", null);
    String id = postUnrouted(sm, variant("a", 1));
    awaitStatus(id, "CREATING");

    deleteHosting(VIEWER, id).andExpect(status().isForbidden());
    deleteHosting(ENGINEER, id)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("CANCELLING"));

    // SageMaker deletes no endpoint while it is Creating: the worker keeps looking, deletes
    // nothing.
    int described = sageMakerCalls("DescribeEndpoint", sm);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sageMakerCalls("DescribeEndpoint", sm) >= described + 2);
    assertThat(field(id, "status")).isEqualTo("CANCELLING");
    assertThat(sageMakerCalls("DeleteEndpoint", sm)).isZero();
    // Still in flight: the endpoint's next hosting waits, and deleting again changes nothing.
    postHosting(ENGINEER, null, Map.of("variants", List.of(variant("b", 1))))
        .andExpect(status().isConflict());
    deleteHosting(ENGINEER, id)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("CANCELLING"));

    stubSageMaker(sm, "Failed", "stopped by the test");
    awaitStatus(id, "DELETED");
    assertThat(sageMakerCalls("DeleteEndpoint", sm)).isEqualTo(1);
    assertThat(modelsOf(sm)).isEmpty();
    assertThat(hostingEvents(id))
        .extracting(e -> e.path("status").asString())
        .containsExactly("REQUESTED", "CREATING", "CANCELLING", "DELETED");
  }

  @Test
  void anUpdateOfAnEndpointAnEarlierHostingCreatedCannotBeCancelled() throws Exception {
    String sm = unique("updated");
    String first = postUnrouted(sm, variant("a", 1));
    awaitStatus(first, "IN_SERVICE");
    stubSageMaker(sm, "Updating", null);
    String second = postUnrouted(sm, variant("a", 2));
    awaitStatus(second, "CREATING");

    deleteHosting(ENGINEER, second)
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(containsString("cannot be taken back")));
    assertThat(field(second, "status")).isEqualTo("CREATING");
    assertThat(sageMakerCalls("DeleteEndpoint", sm)).isZero();
  }

  @Test
  void deletingAFailedUpdateKeepsTheEndpointTheEarlierHostingServesAndThenThatOneOwnsIt()
      throws Exception {
    String sm = unique("kept");
    String first = postUnrouted(sm, variant("a", 1));
    awaitStatus(first, "IN_SERVICE");
    String firstConfig = field(first, "configName");
    // SageMaker could not update the endpoint and kept it on its previous configuration.
    stubSageMaker(sm, "InService", "the update's container did not pass ping");
    String second = postUnrouted(sm, variant("a", 2));
    awaitStatus(second, "FAILED");
    String secondConfig = field(second, "configName");
    assertThat(modelsOf(sm)).hasSize(2);

    deleteHosting(ENGINEER, second)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("DELETING"));
    awaitStatus(second, "DELETED");

    assertThat(sageMakerCalls("DeleteEndpoint", sm)).isZero();
    assertThat(emulator.describeEndpoint(r -> r.endpointName(sm)).endpointConfigName())
        .isEqualTo(firstConfig);
    assertThatThrownBy(
            () -> emulator.describeEndpointConfig(r -> r.endpointConfigName(secondConfig)))
        .isInstanceOf(SageMakerException.class);
    assertThat(emulator.describeEndpointConfig(r -> r.endpointConfigName(firstConfig))).isNotNull();
    assertThat(modelsOf(sm)).hasSize(1);

    // The earlier hosting is the endpoint's owner again: deleting it takes the endpoint.
    removeTheTestsStubs();
    deleteHosting(ENGINEER, first)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("DELETING"));
    awaitStatus(first, "DELETED");
    assertThat(sageMakerCalls("DeleteEndpoint", sm)).isEqualTo(1);
    assertThatThrownBy(() -> emulator.describeEndpoint(r -> r.endpointName(sm)))
        .isInstanceOf(SageMakerException.class);
    assertThat(modelsOf(sm)).isEmpty();
  }

  @Test
  void aHostingTheEndpointServesFromIsNotTornDown() throws Exception {
    String sm = unique("serving");
    String id =
        id(
            postHosting(
                    ENGINEER,
                    null,
                    Map.of("sageMakerEndpoint", sm, "variants", List.of(variant("a", 1))))
                .andExpect(status().isAccepted()));
    awaitStatus(id, "ROUTED");

    deleteHosting(ENGINEER, id)
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(containsString("move its traffic off it first")));
    assertThat(field(id, "status")).isEqualTo("ROUTED");
    assertThat(emulator.describeEndpoint(r -> r.endpointName(sm)).endpointStatus())
        .isEqualTo(EndpointStatus.IN_SERVICE);
    deleteHosting(OUTSIDER, id).andExpect(status().isNotFound());
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("variants", b -> b.put("variants", List.of())),
        bad("sageMakerEndpoint", b -> b.put("sageMakerEndpoint", "bad_name!")),
        bad("sageMakerEndpoint", b -> b.put("sageMakerEndpoint", "ends-with-")),
        bad("variants[0].variant", b -> first(b).remove("variant")),
        bad("variants[0].variant", b -> first(b).put("variant", "Has_Underscore")),
        bad(
            "variants[1].variant",
            b -> b.put("variants", List.of(variant("x", 1), variant("x", 2)))),
        bad("variants[0].version", b -> first(b).remove("version")),
        bad("variants[0].version", b -> first(b).put("version", 99)),
        bad("variants[0].image", b -> first(b).put("image", " ")),
        bad("variants[0].modelDataUrl", b -> first(b).remove("modelDataUrl")),
        bad("variants[0].modelDataUrl", b -> first(b).put("modelDataUrl", "http://x/model.tar.gz")),
        bad("variants[0].executionRoleArn", b -> first(b).remove("executionRoleArn")),
        bad("variants[0].instanceType", b -> first(b).put("instanceType", "m5.large")),
        bad("variants[0].instanceType", b -> first(b).remove("instanceType")),
        bad("variants[0].instanceCount", b -> first(b).put("instanceCount", 0)),
        bad("variants[0].instanceCount", b -> first(b).put("instanceCount", 101)),
        bad("variants[0].weight", b -> first(b).put("weight", -0.5)),
        bad("variants", b -> first(b).put("weight", 0.0)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badRequests")
  void answersBadInputWithAProblemNamingTheFieldAndStoresNothing(
      String field, String description, Map<String, Object> body) throws Exception {
    postHosting(ENGINEER, null, body)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field));
    assertThat(rows()).isZero();
  }

  @Test
  void aRepeatedIdempotencyKeyAnswersTheFirstHostingAndProvisionsOnce() throws Exception {
    Map<String, Object> body = Map.of("route", false, "variants", List.of(variant("a", 1)));
    String id = id(postHosting(ENGINEER, "key-1", body).andExpect(status().isAccepted()));

    postHosting(ENGINEER, "key-1", body)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id));
    postHosting(ENGINEER, "key-1", Map.of("variants", List.of(variant("b", 1))))
        .andExpect(status().is(422));
    awaitStatus(id, "IN_SERVICE");
    postHosting(ENGINEER, "key-1", body)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id));
    assertThat(rows()).isEqualTo(1);
    assertThat(sageMakerCalls("CreateEndpoint", endpoint)).isEqualTo(1);
  }

  @Test
  void aSecondHostingWhileOneIsInFlightIsAConflictAndAHostingTooSlowFails() throws Exception {
    String sm = unique("slow");
    stubSageMaker(sm, "Creating", null);
    String id =
        id(
            postHosting(
                    ENGINEER,
                    null,
                    Map.of("sageMakerEndpoint", sm, "variants", List.of(variant("a", 1))))
                .andExpect(status().isAccepted()));
    awaitStatus(id, "CREATING");

    postHosting(ENGINEER, null, Map.of("variants", List.of(variant("b", 1))))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(containsString(id)));
    assertThat(rows()).isEqualTo(1);

    // The context's timeout is 15 s.
    awaitStatus(id, "FAILED", Duration.ofSeconds(45));
    assertThat(field(id, "failureReason")).contains("still Creating after 15 s");
  }

  @Test
  void anEndpointSageMakerReportsFailedEndsFailedWithSageMakersReason() throws Exception {
    String sm = unique("failing");
    stubSageMaker(sm, "Failed", "The primary container for production variant a did not pass ping");
    String id =
        id(
            postHosting(
                    ENGINEER,
                    null,
                    Map.of("sageMakerEndpoint", sm, "variants", List.of(variant("a", 1))))
                .andExpect(status().isAccepted()));

    awaitStatus(id, "FAILED");
    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings/" + id)
                .header("Authorization", VIEWER))
        .andExpect(jsonPath("$.sageMakerStatus").value("Failed"))
        .andExpect(jsonPath("$.failureReason").value(containsString("did not pass ping")))
        .andExpect(jsonPath("$.failureReason").value(containsString("POST a new hosting")));
    mvc.perform(get("/api/v1/endpoints/" + endpoint).header("Authorization", VIEWER))
        .andExpect(jsonPath("$.deployments.length()").value(0));
  }

  @Test
  void policyDenyingTheDeploymentEndsRoutingDeniedWithItsReasons() throws Exception {
    stub(
        post(urlEqualTo(ADMISSION))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.endpoint", equalTo(endpoint)))
            .willReturn(
                okJson(
                    "{\"decisionId\": \"decision-9\", \"allowed\": false, \"outcome\": \"DENIED\","
                        + " \"reasons\": [\""
                        + DENIAL
                        + "\"]}")));
    String id =
        id(
            postHosting(ENGINEER, null, Map.of("variants", List.of(variant("a", 1))))
                .andExpect(status().isAccepted()));

    awaitStatus(id, "ROUTING_DENIED");
    assertThat(field(id, "failureReason")).contains(DENIAL);
    mvc.perform(get("/api/v1/endpoints/" + endpoint).header("Authorization", VIEWER))
        .andExpect(jsonPath("$.deployments.length()").value(0));
  }

  @Test
  void routingIsRetriedForItsOwnTimeoutHoweverLongProvisioningTook() throws Exception {
    StubMapping unavailable =
        aws.stubFor(
            post(urlEqualTo(ADMISSION))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.endpoint", equalTo(endpoint)))
                .willReturn(aResponse().withStatus(503)));
    perTest.add(unavailable);
    String id =
        id(
            postHosting(ENGINEER, null, Map.of("variants", List.of(variant("a", 1))))
                .andExpect(status().isAccepted()));
    awaitStatus(id, "IN_SERVICE");
    // As if SageMaker had taken an hour, four times the context's 15 s timeout.
    jdbc.sql("update sagemaker_hostings set started_at = now() - interval '1 hour' where id = :id")
        .param("id", id)
        .update();

    int asked = admissionCalls();
    await().atMost(Duration.ofSeconds(30)).until(() -> admissionCalls() >= asked + 2);
    assertThat(field(id, "status")).as("routing retried, not given up").isEqualTo("IN_SERVICE");

    perTest.remove(unavailable);
    aws.removeStub(unavailable);
    awaitStatus(id, "ROUTED");
  }

  @Test
  void anotherTeamSeesNoEndpointAndAViewerMayOnlyLook() throws Exception {
    Map<String, Object> body = Map.of("route", false, "variants", List.of(variant("a", 1)));
    postHosting(OUTSIDER, null, body).andExpect(status().isNotFound());
    postHosting(VIEWER, null, body).andExpect(status().isForbidden());
    assertThat(rows()).isZero();

    String id = id(postHosting(ENGINEER, null, body).andExpect(status().isAccepted()));
    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings/" + id)
                .header("Authorization", OUTSIDER))
        .andExpect(status().isNotFound());
    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings")
                .header("Authorization", OUTSIDER))
        .andExpect(status().isNotFound());
    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings")
                .header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].id").value(id))
        .andExpect(jsonPath("$.total").value(1));
    mvc.perform(
            get("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings/" + UUID.randomUUID())
                .header("Authorization", VIEWER))
        .andExpect(status().isNotFound());
    postHosting(ENGINEER, null, body, "no-such-endpoint").andExpect(status().isNotFound());
  }

  /**
   * A hosting left CREATING by an instance that died (its claim lapsed) is finished by this one; a
   * hosting another live instance holds is left to it.
   */
  @Test
  void aHostingLeftCreatingByADeadInstanceIsFinished() throws Exception {
    String configName = endpoint + "-" + System.currentTimeMillis();
    new SageMakerEndpointProvisioner(emulator, Duration.ofMillis(100))
        .start(
            new EndpointSpec(
                endpoint,
                List.of(
                    new VariantSpec(
                        "primary",
                        endpoint + "-primary",
                        IMAGE,
                        "s3://models/churn/model.tar.gz",
                        "arn:aws:iam::123456789012:role/sagemaker",
                        "ml.m5.large",
                        1,
                        1f))),
            configName);
    String orphan = insertCreating(endpoint, endpoint, configName, Instant.now().minusSeconds(1));

    String other = unique("held");
    createEndpoint(other, group, 0.0);
    String held = insertCreating(other, other, other + "-1", Instant.now().plusSeconds(3600));

    awaitStatus(orphan, "ROUTED");
    assertThat(routes.find(endpoint).orElseThrow().deployments())
        .extracting(DeployedModel::backendUrl)
        .containsExactly("sagemaker://" + endpoint + "/primary");
    assertThat(
            jdbc.sql("select status || ':' || claimed_by from sagemaker_hostings where id = :id")
                .param("id", held)
                .query(String.class)
                .single())
        .isEqualTo("CREATING:live-instance");
  }

  // ---- helpers ----

  private ResultActions postHosting(String auth, String key, Map<String, Object> body)
      throws Exception {
    return postHosting(auth, key, body, endpoint);
  }

  private ResultActions postHosting(
      String auth, String key, Map<String, Object> body, String endpointName) throws Exception {
    var request =
        MockMvcRequestBuilders.post("/api/v1/endpoints/" + endpointName + "/sagemaker-hostings")
            .header("Authorization", auth)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return mvc.perform(request);
  }

  /** Hosts {@code variants} on SageMaker endpoint {@code sm} without routing; 202 expected. */
  @SafeVarargs
  private String postUnrouted(String sm, Map<String, Object>... variants) throws Exception {
    return id(
        postHosting(
                ENGINEER,
                null,
                Map.of("sageMakerEndpoint", sm, "route", false, "variants", List.of(variants)))
            .andExpect(status().isAccepted()));
  }

  /** The emulator's models of that SageMaker endpoint (it ignores ListModels' NameContains). */
  private static List<String> modelsOf(String sageMakerEndpoint) {
    return emulator.listModels(r -> r.maxResults(100)).models().stream()
        .map(m -> m.modelName())
        .filter(n -> n.startsWith(sageMakerEndpoint + "-"))
        .toList();
  }

  private ResultActions deleteHosting(String auth, String id) throws Exception {
    return mvc.perform(
        MockMvcRequestBuilders.delete("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings/" + id)
            .header("Authorization", auth));
  }

  private String id(ResultActions result) throws Exception {
    return json.readTree(result.andReturn().getResponse().getContentAsString())
        .get("id")
        .asString();
  }

  private String field(String id, String name) throws Exception {
    String body =
        mvc.perform(
                get("/api/v1/endpoints/" + endpoint + "/sagemaker-hostings/" + id)
                    .header("Authorization", VIEWER))
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(body).path(name).asString();
  }

  private void awaitStatus(String id, String expected) {
    awaitStatus(id, expected, Duration.ofSeconds(30));
  }

  private void awaitStatus(String id, String expected, Duration atMost) {
    await()
        .atMost(atMost)
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql("select status from sagemaker_hostings where id = :id")
                            .param("id", id)
                            .query(String.class)
                            .single())
                    .isEqualTo(expected));
  }

  private long rows() {
    return jdbc.sql("select count(*) from sagemaker_hostings where endpoint = :e")
        .param("e", endpoint)
        .query(Long.class)
        .single();
  }

  private int admissionCalls() {
    return aws.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(ADMISSION))
                .withRequestBody(matchingJsonPath("$.endpoint", equalTo(endpoint))))
        .size();
  }

  /** How many {@code action} calls (CreateEndpoint, DeleteEndpoint, ...) named that endpoint. */
  private int sageMakerCalls(String action, String name) {
    return aws.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("SageMaker." + action))
                .withRequestBody(matchingJsonPath("$.EndpointName", equalTo(name))))
        .size();
  }

  /**
   * SageMaker as the emulator cannot be: the endpoint exists in {@code status} (with {@code
   * reason}), and UpdateEndpoint (which moto lacks) is accepted.
   */
  private static void stubSageMaker(String name, String status, String reason) {
    stub(
        post(urlEqualTo("/"))
            .atPriority(1)
            .withHeader("X-Amz-Target", equalTo("SageMaker.DescribeEndpoint"))
            .withRequestBody(matchingJsonPath("$.EndpointName", equalTo(name)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"EndpointName\": \""
                            + name
                            + "\", \"EndpointArn\": \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/"
                            + name
                            + "\", \"EndpointConfigName\": \"previous\", \"EndpointStatus\": \""
                            + status
                            + "\""
                            + (reason == null ? "" : ", \"FailureReason\": \"" + reason + "\"")
                            + ", \"CreationTime\": 1, \"LastModifiedTime\": 1}")));
    stub(
        post(urlEqualTo("/"))
            .atPriority(1)
            .withHeader("X-Amz-Target", equalTo("SageMaker.UpdateEndpoint"))
            .withRequestBody(matchingJsonPath("$.EndpointName", equalTo(name)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"EndpointArn\": \"arn:aws:sagemaker:us-east-1:1:endpoint/x\"}")));
  }

  private static void stub(MappingBuilder mapping) {
    perTest.add(aws.stubFor(mapping));
  }

  private String insertCreating(
      String gatewayEndpoint, String smEndpoint, String configName, Instant claimedUntil)
      throws Exception {
    String id = UUID.randomUUID().toString();
    jdbc.sql(
            """
            insert into sagemaker_hostings (id, endpoint, team, sagemaker_endpoint, config_name,
                route, variants, status, sagemaker_status, requested_by, requester_roles,
                request_hash, claimed_by, claimed_until, started_at)
            values (:id, :endpoint, :team, :sm, :config, true, :variants, 'CREATING', 'Creating',
                'erin', 'ml-engineer', 'h', :claimedBy, :claimedUntil, now())
            """)
        .param("id", id)
        .param("endpoint", gatewayEndpoint)
        .param("team", TEAM)
        .param("sm", smEndpoint)
        .param("config", configName)
        .param("variants", json.writeValueAsString(List.of(variant("primary", 1))))
        .param("claimedBy", claimedUntil.isAfter(Instant.now()) ? "live-instance" : "dead-instance")
        .param("claimedUntil", Timestamp.from(claimedUntil))
        .update();
    return id;
  }

  private static Map<String, Object> variant(String name, int version) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("variant", name);
    v.put("version", version);
    v.put("image", IMAGE);
    v.put("modelDataUrl", "s3://models/churn/v" + version + "/model.tar.gz");
    v.put("executionRoleArn", "arn:aws:iam::123456789012:role/sagemaker");
    v.put("instanceType", "ml.m5.large");
    v.put("instanceCount", 1);
    v.put("weight", 1.0);
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> first(Map<String, Object> body) {
    return ((List<Map<String, Object>>) body.get("variants")).get(0);
  }

  private static Arguments bad(String field, Consumer<Map<String, Object>> change) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("variants", new ArrayList<>(List.of(variant("a", 1))));
    change.accept(body);
    return Arguments.of(field, body.toString(), body);
  }
}
