package dev.aifactory.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.lessThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.TrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Deployment admission with WireMock standing in for policy ({@code /oauth2/token} and {@code POST
 * /api/v1/admissions/deployment}): admitted deployments go ahead; denied ones change nothing and
 * answer 403 with policy's reasons; an unreachable policy is a 503; a denied champion move leaves
 * the endpoint on its previous version and lands in its admission log.
 */
class DeploymentAdmissionIT extends GatewayItSupport {

  private static final WireMockServer policy =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());

  static {
    // Started before the context reads policy-url.
    policy.start();
  }

  private static final String ADMISSION = "/api/v1/admissions/deployment";
  private static final String PII_REASON =
      "public endpoints must not serve models trained on PII data";

  @DynamicPropertySource
  static void admissionAtWireMock(DynamicPropertyRegistry registry) {
    registry.add("aifactory.gateway.admission.enabled", () -> "true");
    registry.add("aifactory.gateway.admission.policy-url", () -> policy.baseUrl());
    registry.add("aifactory.gateway.admission.timeout", () -> "2s");
  }

  @AfterAll
  static void stopPolicy() {
    policy.stop();
  }

  @TempDir Path dir;
  private String endpoint;
  private String group;

  /**
   * A public endpoint serving champion v1 (admitted), and a registered v2 trained on PII data that
   * it does not serve yet.
   */
  @BeforeEach
  void publicEndpointOnV1WithPiiV2Registered() throws Exception {
    policy.resetAll();
    policy.stubFor(
        post(urlEqualTo("/oauth2/token"))
            .withBasicAuth("inference-gateway", "inference-gateway-secret")
            .willReturn(
                okJson(
                    "{\"access_token\": \"gateway-token\", \"token_type\": \"Bearer\","
                        + " \"expires_in\": 3600}")));
    endpoint = unique("admitted");
    group = unique("admitted-model");
    allowEverythingFor(endpoint);
    mvc.perform(
            MockMvcRequestBuilders.post("/api/v1/endpoints")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of(
                            "name",
                            endpoint,
                            "modelGroup",
                            group,
                            "captureSampleRate",
                            0.0,
                            "public",
                            true))))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.public").value(true));
    publish(UUID.randomUUID().toString(), champion(group, 1, null, TrainedModel.train(dir, 5)));
    awaitDeployedVersion(endpoint, 1);
    publish(
        UUID.randomUUID().toString(),
        new ModelVersionRegistered(
            TEAM,
            group,
            2,
            "run-2",
            "customers",
            1,
            "binary",
            "churned",
            Map.of("auc", 0.9),
            TrainedModel.train(dir, 25).uri(),
            null,
            List.of("pii:email"),
            TrainedModel.SCHEMA,
            null,
            "manual",
            "erin"),
        "/training-service");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from model_versions where team = :t and model_group = :g"
                                + " and version = 2 and data_tags is not null")
                        .param("t", TEAM)
                        .param("g", group)
                        .query(Long.class)
                        .single()
                    == 1);
  }

  @Test
  void deploysWhatPolicyAdmitsAskingWithTheVersionsDataAndTheServiceToken() throws Exception {
    setDeployments(0.5)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.deployments.length()").value(2));

    assertThat(versionsDeployed()).containsExactlyInAnyOrder(1, 2);
    policy.verify(
        postRequestedFor(urlEqualTo(ADMISSION))
            .withHeader("Authorization", equalTo("Bearer gateway-token"))
            .withHeader(Caller.ON_BEHALF_OF_HEADER, equalTo(TEAM))
            .withRequestBody(matchingJsonPath("$.endpoint", equalTo(endpoint)))
            .withRequestBody(matchingJsonPath("$.modelGroup", equalTo(group)))
            .withRequestBody(matchingJsonPath("$.modelVersion", equalTo("2")))
            .withRequestBody(matchingJsonPath("$.publicEndpoint", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.trainedOnPii", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.instanceType", equalTo("local")))
            .withRequestBody(matchingJsonPath("$.requestedBy", equalTo("erin"))));
    // The token is cached: the champion move and this call needed at most one.
    policy.verify(lessThanOrExactly(1), postRequestedFor(urlEqualTo("/oauth2/token")));
  }

  @Test
  void refusesWhatPolicyDeniesWithItsReasonsAndChangesNothing() throws Exception {
    denyVersion2(endpoint);

    setDeployments(0.5)
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString(PII_REASON)))
        .andExpect(jsonPath("$.errors[0].field").value("deployments[1].version"))
        .andExpect(jsonPath("$.errors[0].message").value(PII_REASON));
    startRollout()
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.errors[0].message").value(PII_REASON));

    assertThat(versionsDeployed()).containsExactly(1);
    assertThat(rolloutCount()).isZero();
  }

  @Test
  void answers503WithRetryAfterAndChangesNothingWhenPolicyIsUnreachable() throws Exception {
    policy.stubFor(
        post(urlEqualTo(ADMISSION))
            .atPriority(1)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    setDeployments(0.5)
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().string("Retry-After", "10"));
    startRollout().andExpect(status().isServiceUnavailable());

    assertThat(versionsDeployed()).containsExactly(1);
    assertThat(rolloutCount()).isZero();
  }

  @Test
  void aDeniedChampionMoveIsNotServedAndIsLoggedWithTheReasons() throws Exception {
    denyVersion2(endpoint);

    publish(UUID.randomUUID().toString(), champion(group, 2, 1, TrainedModel.train(dir, 25)));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(
                        get("/api/v1/endpoints/" + endpoint + "/admission-denials")
                            .header("Authorization", VIEWER))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].version").value(2))
                    .andExpect(jsonPath("$[0].decisionId").value("decision-42"))
                    .andExpect(jsonPath("$[0].reasons[0]").value(PII_REASON)));
    // The champion projection moved, the endpoint did not.
    assertThat(
            jdbc.sql("select version from champions where team = :t and model_group = :g")
                .param("t", TEAM)
                .param("g", group)
                .query(Integer.class)
                .single())
        .isEqualTo(2);
    assertThat(versionsDeployed()).containsExactly(1);
    assertThat(routedVersion(endpoint)).isEqualTo(1);
    assertThat(rolloutCount()).isZero();
  }

  @Test
  void aChampionMoveWhilePolicyIsUnreachableIsRetriedAndAppliedOncePolicyAnswers()
      throws Exception {
    var outage =
        policy.stubFor(
            post(urlEqualTo(ADMISSION))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.endpoint", equalTo(endpoint)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    publish(UUID.randomUUID().toString(), champion(group, 2, 1, TrainedModel.train(dir, 25)));
    // More attempts than the platform's default of 3 quick ones, and still not dead-lettered.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                policy
                        .findAll(
                            postRequestedFor(urlEqualTo(ADMISSION))
                                .withRequestBody(matchingJsonPath("$.endpoint", equalTo(endpoint))))
                        .size()
                    >= 4);
    assertThat(versionsDeployed()).containsExactly(1);

    policy.removeStub(outage);
    awaitDeployedVersion(endpoint, 2);
  }

  private void allowEverythingFor(String name) {
    policy.stubFor(
        post(urlEqualTo(ADMISSION))
            .atPriority(10)
            .withRequestBody(matchingJsonPath("$.endpoint", equalTo(name)))
            .willReturn(
                okJson(
                    "{\"decisionId\": \"decision-1\", \"allowed\": true, \"outcome\": \"ALLOWED\","
                        + " \"reasons\": []}")));
  }

  private void denyVersion2(String name) {
    policy.stubFor(
        post(urlEqualTo(ADMISSION))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.endpoint", equalTo(name)))
            .withRequestBody(matchingJsonPath("$.modelVersion", equalTo("2")))
            .willReturn(
                okJson(
                    "{\"decisionId\": \"decision-42\", \"allowed\": false, \"outcome\": \"DENIED\","
                        + " \"reasons\": [\""
                        + PII_REASON
                        + "\"]}")));
  }

  private ResultActions setDeployments(double weightOfV2) throws Exception {
    return mvc.perform(
        put("/api/v1/endpoints/" + endpoint + "/deployments")
            .header("Authorization", ENGINEER)
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                "{\"deployments\": [{\"variant\": \"primary\", \"version\": 1, \"weight\": "
                    + (1 - weightOfV2)
                    + "}, {\"variant\": \"next\", \"version\": 2, \"weight\": "
                    + weightOfV2
                    + "}]}"));
  }

  private ResultActions startRollout() throws Exception {
    return mvc.perform(
        MockMvcRequestBuilders.post("/api/v1/endpoints/" + endpoint + "/rollouts")
            .header("Authorization", ENGINEER)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"version\": 2, \"strategy\": \"canary\"}"));
  }

  private List<Integer> versionsDeployed() {
    return jdbc.sql("select version from deployments where endpoint = :e")
        .param("e", endpoint)
        .query(Integer.class)
        .list();
  }

  private long rolloutCount() {
    return jdbc.sql("select count(*) from rollouts where endpoint = :e")
        .param("e", endpoint)
        .query(Long.class)
        .single();
  }
}
