package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.aifactory.dashboard.pages.StandIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** An endpoint's rollout with gate decisions, its controls, and shadow agreement. */
@SpringBootTest
@AutoConfigureMockMvc
class EndpointPagesTest {

  static final WireMockServer services = StandIn.start();
  static final String ROLLOUT = "r-1";
  static final String DECISION = "1a2b3c4d-0000-4000-8000-000000000009";

  static String rollout(String state) {
    return """
        {"id":"%s","endpoint":"churn","modelGroup":"churn","candidateVersion":3,
         "candidateVariant":"candidate","championVersion":2,"championVariant":"primary",
         "strategy":"canary","steps":[10,50,100],"bakeSeconds":60,"state":"%s","currentStep":1,
         "candidateWeight":50,"stepStartedAt":"2026-01-02T10:05:00Z","bakeEndsAt":"2026-01-02T10:06:00Z",
         "advanceRequested":false,"startedBy":"policy","reason":"champion moved",
         "createdAt":"2026-01-02T10:00:00Z","updatedAt":"2026-01-02T10:05:00Z","finishedAt":null,
         "history":[{"at":"2026-01-02T10:00:00Z","kind":"started","step":0,"decisionId":null,"actor":"policy","detail":null},
                    {"at":"2026-01-02T10:05:00Z","kind":"advance-requested","step":0,"decisionId":"%s","actor":"policy","detail":null}]}
        """
        .formatted(ROLLOUT, state, DECISION);
  }

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void stubs() {
    services.resetAll();
    services.stubFor(
        get(urlPathEqualTo("/api/v1/endpoints/churn"))
            .willReturn(
                okJson(
                    """
                    {"name":"churn","team":"demo","modelGroup":"churn","captureSampleRate":1.0,
                     "deployments":[{"variant":"primary","modelGroup":"churn","version":2,"backend":"local","weight":0.5},
                                    {"variant":"candidate","modelGroup":"churn","version":3,"backend":"local","weight":0.5},
                                    {"variant":"shadow","modelGroup":"churn","version":4,"backend":"local","weight":0,"shadowSampleRate":0.25}],
                     "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-02T10:05:00Z"}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/windows"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"w1","endpoint":"churn","variant":"primary","modelGroup":"churn","version":2,
                      "windowFrom":"2026-01-02T10:00:00Z","windowTo":"2026-01-02T10:05:00Z","status":"evaluated",
                      "count":100,"latencyP50":2.0,"latencyP95":4.0,"latencyP99":6.0,"errorRate":0.02,
                      "driftShare":0.1,"datasetDrift":false,"evaluatedAt":"2026-01-02T10:05:01Z"}],
                     "page":0,"size":200,"total":1}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/endpoints/churn/rollouts"))
            .willReturn(
                okJson(
                    "{\"items\":["
                        + rollout("running")
                        + "],\"page\":0,\"size\":20,\"total\":1}")));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/decisions"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"decisionId":"%s","team":"demo","subject":"churn","attachmentPoint":"rollout-step",
                      "policy":"rollout-gate","policyVersion":2,"effect":"allow","inputs":{},"inputsDigest":"x",
                      "reasons":["p99 ratio 1.05 within 1.2"],"createdAt":"2026-01-02T10:05:00Z",
                      "mode":"enforce","evaluated":"true"}],"page":0,"size":200,"total":1}
                    """
                        .formatted(DECISION))));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/endpoints/churn/shadow"))
            .willReturn(
                okJson(
                    """
                    {"endpoint":"churn","shadows":[{"variant":"shadow","version":4,"sampleRate":0.25,
                      "mirrored":40,"answered":39,"dropped":0,"errors":1,"timeouts":0,"rows":39,
                      "agreeingRows":37,"agreement":0.9487,"meanAbsoluteDifference":0.031,
                      "meanLatencyDeltaMs":1.5,"meanShadowLatencyMs":3.5}]}
                    """)));
  }

  @Test
  void showsTheRolloutsProgressWithPolicysGateDecisionsAndShadowAgreement() throws Exception {
    String page = page(as("ml-engineer"));
    assertThat(page)
        .contains("id=\"rollout\"")
        .contains("churn v3 (candidate)")
        .contains("50 % of traffic on the candidate; step 2 of 3")
        .contains("id=\"rollout-progress\"")
        .contains("advance-requested")
        .contains("rollout-gate v2: p99 ratio 1.05 within 1.2")
        .contains("id=\"pause-rollout\"")
        .contains("id=\"abort-rollout\"")
        .doesNotContain("id=\"resume-rollout\"")
        .contains("shadow: 25 % of requests mirrored")
        .contains("94.87 % (37 of 39 rows)")
        .contains("1.5 ms")
        .contains("id=\"error-chart\"")
        .contains("Share of requests that failed (0–1)");
  }

  @Test
  void aViewerSeesTheRolloutButNoControls() throws Exception {
    assertThat(page(as("viewer")))
        .contains("id=\"rollout\"")
        .doesNotContain("id=\"pause-rollout\"")
        .doesNotContain("id=\"abort-rollout\"");
    mvc.perform(
            MockMvcRequestBuilders.post("/endpoints/churn/rollouts/" + ROLLOUT + "/abort")
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    services.verify(0, postRequestedFor(urlPathMatching("/api/v1/endpoints/.*")));
  }

  @Test
  void anMlEngineerPausesTheRolloutAtTheGateway() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/endpoints/churn/rollouts/" + ROLLOUT + "/pause"))
            .willReturn(okJson(rollout("paused"))));
    mvc.perform(
            MockMvcRequestBuilders.post("/endpoints/churn/rollouts/" + ROLLOUT + "/pause")
                .with(csrf())
                .with(authentication(as("ml-engineer"))))
        .andExpect(redirectedUrl("/endpoints/churn"))
        .andExpect(flash().attribute("info", Matchers.containsString("paused at 50 %")));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/endpoints/churn/rollouts/" + ROLLOUT + "/pause"))
            .withHeader("Authorization", equalTo("Bearer user-token")));
  }

  @Test
  void theGatewaysRefusalIsShownInWords() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/endpoints/churn/rollouts/" + ROLLOUT + "/resume"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(StandIn.problem(409, "Conflict", "the rollout is not paused"))));
    mvc.perform(
            MockMvcRequestBuilders.post("/endpoints/churn/rollouts/" + ROLLOUT + "/resume")
                .with(csrf())
                .with(authentication(as("admin"))))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    Matchers.allOf(
                        Matchers.containsString("inference-gateway answered 409"),
                        Matchers.containsString("the rollout is not paused"))));
  }

  @Test
  void showsTheEndpointsSageMakerHostingsWithTheirProgressAndWhyOneFailed() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/endpoints/churn/sagemaker-hostings"))
            .willReturn(
                okJson(
                    """
                    {"items":[
                      {"id":"h-2","endpoint":"churn","status":"CREATING","sageMakerEndpoint":"churn-prod",
                       "sageMakerStatus":"Creating","failureReason":null,"route":true,
                       "variants":[{"variant":"primary","version":3,"instanceType":"ml.m5.large",
                                    "instanceCount":2,"weight":0.75},
                                   {"variant":"canary","version":4,"instanceType":"ml.c5.xlarge",
                                    "instanceCount":1,"weight":0.25}],
                       "requestedBy":"erin","createdAt":"2026-01-02T11:00:00Z","updatedAt":"2026-01-02T11:01:00Z"},
                      {"id":"h-1","endpoint":"churn","status":"FAILED","sageMakerEndpoint":"churn-prod",
                       "sageMakerStatus":"Failed","failureReason":"SageMaker endpoint 'churn-prod' failed: image not found; fix the cause and POST a new hosting",
                       "route":true,"variants":[],"requestedBy":"erin",
                       "createdAt":"2026-01-02T10:00:00Z","updatedAt":"2026-01-02T10:20:00Z"}],
                     "page":0,"size":10,"total":2}
                    """)));
    assertThat(page(as("viewer")))
        .contains("id=\"hostings\"")
        .contains("churn-prod (Creating)")
        .contains("primary: v3 on 2 × ml.m5.large, weight 0.75")
        .contains("canary: v4 on 1 × ml.c5.xlarge, weight 0.25")
        .contains("image not found; fix the cause and POST a new hosting")
        .contains(">CREATING<")
        .contains(">FAILED<")
        .doesNotContain("id=\"no-hostings\"");
  }

  @Test
  void anEndpointNotOnSageMakerSaysHowToHostIt() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/endpoints/churn/sagemaker-hostings"))
            .willReturn(okJson("{\"items\":[],\"page\":0,\"size\":10,\"total\":0}")));
    assertThat(page(as("viewer")))
        .contains("id=\"no-hostings\"")
        .contains("sagemaker-hostings")
        .doesNotContain("id=\"hostings\"");
  }

  @Test
  void routesTheGatewayDoesNotOfferYetReadAsNotAvailable() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/endpoints/churn/rollouts"))
            .willReturn(aResponse().withStatus(404)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/endpoints/churn/shadow"))
            .willReturn(aResponse().withStatus(404)));
    assertThat(page(as("viewer")))
        .contains("Rollouts is not available yet")
        .contains("Shadow agreement is not available yet")
        .doesNotContain("class=\"notice error\"")
        .contains("id=\"latency-chart\"");
  }

  private String page(Authentication who) throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get("/endpoints/churn").with(authentication(who)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
