package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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

/** A run's live progress, log, trigger and cancel against a stand-in training-service. */
@SpringBootTest
@AutoConfigureMockMvc
class TrainingRunPagesTest {

  static final WireMockServer services = StandIn.start();
  static final String RUN = "9d7c2f4e-5b6a-4c3d-8e1f-0a2b3c4d5e6f";

  static String run(String status, String cost) {
    return """
        {"id":"%s","team":"demo","modelGroup":"churn","datasetId":"ds-1","datasetVersion":2,
         "target":"churned","objective":"binary","hyperparameters":{"max_depth":"4"},
         "trigger":"manual","reason":"try deeper trees","requestedBy":"alice","decisionId":null,
         "status":"%s","error":null,"modelVersion":null,"metrics":{},"durationMs":null,
         "cost":%s,"createdAt":"2026-01-02T10:00:00Z","startedAt":"2026-01-02T10:00:01Z",
         "finishedAt":null,
         "iterations":[{"round":0,"train-logloss":0.61,"validation-logloss":0.63},
                       {"round":1,"train-logloss":0.52,"validation-logloss":0.57},
                       {"round":2,"train-logloss":0.47,"validation-logloss":0.55}]}
        """
        .formatted(RUN, status, cost);
  }

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void reset() {
    services.resetAll();
    services.stubFor(
        get(urlPathEqualTo("/api/v1/training-runs/" + RUN))
            .willReturn(okJson(run("RUNNING", "0.0042"))));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/training-runs/" + RUN + "/logs"))
            .willReturn(
                okJson(
                    """
                    {"lines":[{"at":"2026-01-02T10:00:01Z","level":"INFO","message":"loaded 1200 rows"},
                              {"at":"2026-01-02T10:00:02Z","level":"INFO","message":"[2] validation-logloss:0.55"}]}
                    """)));
  }

  @Test
  void aRunningRunShowsItsCurveLogAndCostAndKeepsPolling() throws Exception {
    String page = page("/training-runs/" + RUN, as("ml-engineer"));
    assertThat(page)
        .contains("id=\"curve-chart\"")
        .contains("Boosting round")
        .contains("train-logloss")
        .contains("validation-logloss")
        .contains("0.5700")
        .contains("id=\"run-rounds\">3<")
        .contains("0.0042 USD")
        .contains("loaded 1200 rows")
        .contains("hx-get=\"/training-runs/" + RUN + "/progress\"")
        .contains("hx-trigger=\"every 3s\"")
        .contains("id=\"cancel-run\"");
  }

  @Test
  void aViewerSeesNoCancelButtonAndAFinishedRunStopsPolling() throws Exception {
    assertThat(page("/training-runs/" + RUN, as("viewer"))).doesNotContain("id=\"cancel-run\"");
    services.stubFor(
        get(urlPathEqualTo("/api/v1/training-runs/" + RUN))
            .willReturn(okJson(run("SUCCEEDED", "0.01"))));
    String fragment = page("/training-runs/" + RUN + "/progress", as("ml-engineer"));
    assertThat(fragment)
        .startsWith("<section id=\"run-progress\"")
        .doesNotContain("hx-trigger")
        .doesNotContain("id=\"cancel-run\"")
        .doesNotContain("<html");
  }

  @Test
  void aMissingLogRouteReadsAsNotAvailableYetNotAsAnError() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/training-runs/" + RUN + "/logs"))
            .willReturn(aResponse().withStatus(404)));
    String page = page("/training-runs/" + RUN, as("viewer"));
    assertThat(page)
        .contains("The run&#39;s log is not available yet")
        .contains("training-service answered 404")
        .doesNotContain("notice error")
        .contains("id=\"curve-chart\"");
  }

  @Test
  void anMlEngineerStartsARunWithTypedHyperparametersAndAnIdempotencyKey() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/training-runs"))
            .willReturn(okJson(run("QUEUED", "null")).withStatus(202)));
    mvc.perform(
            MockMvcRequestBuilders.post("/training-runs")
                .param("modelGroup", "churn")
                .param("datasetId", "ds-1")
                .param("datasetVersion", "2")
                .param("hyperparameters", "max_depth=4\neta=0.1\ntree_method=hist")
                .param("reason", "try deeper trees")
                .param("idempotencyKey", "key-1")
                .with(csrf())
                .with(authentication(as("ml-engineer"))))
        .andExpect(redirectedUrl("/training-runs/" + RUN));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/training-runs"))
            .withHeader("Idempotency-Key", equalTo("key-1"))
            .withHeader("Authorization", equalTo("Bearer user-token"))
            .withRequestBody(
                equalToJson(
                    """
                    {"modelGroup":"churn","datasetId":"ds-1","datasetVersion":2,
                     "hyperparameters":{"max_depth":4,"eta":0.1,"tree_method":"hist"},
                     "trigger":"manual","reason":"try deeper trees"}
                    """,
                    true,
                    true)));
  }

  @Test
  void aBadFormIsExplainedAndNeverReachesTraining() throws Exception {
    mvc.perform(
            MockMvcRequestBuilders.post("/training-runs")
                .param("modelGroup", "churn")
                .param("datasetId", "ds-1")
                .param("datasetVersion", "two")
                .param("idempotencyKey", "key-2")
                .with(csrf())
                .with(authentication(as("ml-engineer"))))
        .andExpect(redirectedUrl("/training-runs"))
        .andExpect(flash().attribute("error", Matchers.containsString("whole number")));
    mvc.perform(
            MockMvcRequestBuilders.post("/training-runs")
                .param("modelGroup", "churn")
                .param("datasetId", "ds-1")
                .param("datasetVersion", "2")
                .param("hyperparameters", "max_depth")
                .param("idempotencyKey", "key-3")
                .with(csrf())
                .with(authentication(as("ml-engineer"))))
        .andExpect(flash().attribute("error", Matchers.containsString("name=value")));
    services.verify(0, postRequestedFor(urlPathMatching("/api/v1/training-runs.*")));
  }

  @Test
  void aViewerCannotStartOrCancelRuns() throws Exception {
    mvc.perform(
            MockMvcRequestBuilders.post("/training-runs/" + RUN + "/cancel")
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    mvc.perform(
            MockMvcRequestBuilders.post("/training-runs")
                .param("modelGroup", "churn")
                .param("datasetId", "ds-1")
                .param("datasetVersion", "2")
                .param("idempotencyKey", "k")
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    services.verify(0, postRequestedFor(urlPathMatching("/api/v1/training-runs.*")));
    assertThat(page("/training-runs", as("viewer"))).doesNotContain("id=\"new-run-form\"");
  }

  @Test
  void trainingsRefusalToCancelAFinishedRunIsShownInWords() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/training-runs/" + RUN + "/cancel"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(StandIn.problem(409, "Conflict", "the run has already finished"))));
    mvc.perform(
            MockMvcRequestBuilders.post("/training-runs/" + RUN + "/cancel")
                .with(csrf())
                .with(authentication(as("ml-engineer"))))
        .andExpect(redirectedUrl("/training-runs/" + RUN))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    Matchers.allOf(
                        Matchers.containsString("training-service answered 409"),
                        Matchers.containsString("the run has already finished"))));
  }

  private String page(String path, Authentication who) throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get(path).with(authentication(who)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
