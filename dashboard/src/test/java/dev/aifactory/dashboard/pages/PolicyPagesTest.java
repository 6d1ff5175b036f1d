package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
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

/**
 * The policy editor (validation at the error's position, dry-run results), loop state, webhook
 * deliveries and dead letters with replay, against a stand-in policy-service.
 */
@SpringBootTest
@AutoConfigureMockMvc
class PolicyPagesTest {

  static final WireMockServer services = StandIn.start();
  static final String POLICY =
      """
      {"name":"gate","version":2,"attachmentPoint":"promotion","expression":"candidate.auc >= 0.6",
       "description":"minimum auc","mode":"enforce","scope":"global","createdBy":"root",
       "createdAt":"2026-01-01T00:00:00Z","approval":null}
      """;

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void stubs() {
    services.resetAll();
    services.stubFor(
        get(urlPathEqualTo("/api/v1/policies"))
            .willReturn(okJson("{\"items\":[" + POLICY + "],\"page\":0,\"size\":1,\"total\":1}")));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/policies/gate"))
            .willReturn(okJson("{\"current\":" + POLICY + ",\"versions\":[" + POLICY + "]}")));
    services.stubFor(get(urlPathEqualTo("/api/v1/loops")).willReturn(aResponse().withStatus(404)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/dead-letters")).willReturn(aResponse().withStatus(404)));
  }

  @Test
  void theListLinksToTheEditorAndSaysLoopStateIsNotAvailableYet() throws Exception {
    assertThat(page("/policies", as("viewer")))
        .contains("href=\"/policies/gate\"")
        .contains("Loop state from policy-service is not available yet")
        .doesNotContain("class=\"notice error\"")
        .doesNotContain("class=\"empty\"")
        .contains("id=\"dead-letters-link\"");
  }

  @Test
  void showsTheLoopOfEveryModelGroupWhenPolicyTracksThem() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/loops"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"modelGroup":"churn","state":"waiting-for-approval","version":3,
                      "since":"2026-01-02T10:00:00Z","detail":"approval 1 of 2"}],"page":0,"size":200,"total":1}
                    """)));
    assertThat(page("/policies", as("viewer")))
        .contains("id=\"loops\"")
        .contains("waiting-for-approval")
        .contains("approval 1 of 2");
  }

  @Test
  void aDryRunShowsWhichRecordedDecisionsWouldChange() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/policies/gate/dry-run"))
            .willReturn(
                okJson(
                    """
                    {"policy":"gate","version":2,"attachmentPoint":"promotion","mode":"enforce","scope":"global",
                     "expression":"candidate.auc >= 0.9","candidate":true,"evaluatedCount":2,"changedCount":1,
                     "results":[{"decisionId":"d1","subject":"churn v2","decidedAt":"2026-01-02T10:00:00Z",
                       "decidedPolicy":"gate","decidedPolicyVersion":2,"decided":"allow","wouldDecide":"deny",
                       "evaluated":"false","error":null,"changed":true,"input":{}}]}
                    """)));
    String page =
        mvc.perform(
                MockMvcRequestBuilders.post("/policies/gate")
                    .param("action", "dry-run")
                    .param("expression", "candidate.auc >= 0.9")
                    .with(csrf())
                    .with(authentication(as("viewer"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("2 recorded decisions replayed with the typed expression; 1 would change.")
        .contains("id=\"dry-run-results\"")
        .contains("churn v2")
        .contains("candidate.auc &gt;= 0.9</textarea>");
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/policies/gate/dry-run"))
            .withQueryParam("last", equalTo("20"))
            .withRequestBody(equalToJson("{\"expression\":\"candidate.auc >= 0.9\"}")));
  }

  @Test
  void aCompileErrorIsShownAtItsLineAndColumn() throws Exception {
    services.stubFor(
        put(urlPathEqualTo("/api/v1/policies/gate"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        """
                        {"title":"Bad Request","status":400,"detail":"Invalid request",
                         "errors":[{"field":"expression","message":"line 2, column 7: ERROR: undeclared reference to 'aucc'"}]}
                        """)));
    String page =
        mvc.perform(
                MockMvcRequestBuilders.post("/policies/gate")
                    .param("action", "save")
                    .param("expression", "candidate.auc >= 0.6 &&\n  cand.aucc > 1")
                    .param("mode", "enforce")
                    .with(csrf())
                    .with(authentication(as("admin"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("id=\"policy-error\"")
        .contains("Line 2, column 7:")
        .contains("<span>  cand.aucc &gt; 1</span>")
        .contains("<span class=\"caret\">      ^</span>")
        .contains("undeclared reference to &#39;aucc&#39;")
        .contains("aria-invalid=\"true\"")
        .contains("cand.aucc &gt; 1</textarea>");
  }

  @Test
  void onlyAdminsSaveAndASavedVersionIsAnnounced() throws Exception {
    mvc.perform(
            MockMvcRequestBuilders.post("/policies/gate")
                .param("action", "save")
                .param("expression", "true")
                .with(csrf())
                .with(authentication(as("approver"))))
        .andExpect(status().isForbidden());
    services.verify(0, putRequestedFor(urlPathMatching("/api/v1/policies/.*")));
    services.stubFor(
        put(urlPathEqualTo("/api/v1/policies/gate"))
            .willReturn(okJson(POLICY.replace("\"version\":2", "\"version\":3"))));
    mvc.perform(
            MockMvcRequestBuilders.post("/policies/gate")
                .param("action", "save")
                .param("expression", "candidate.auc >= 0.7")
                .param("mode", "warn")
                .param("description", "")
                .with(csrf())
                .with(authentication(as("admin"))))
        .andExpect(redirectedUrl("/policies/gate"))
        .andExpect(flash().attribute("info", "Saved gate as version 3."));
    services.verify(
        putRequestedFor(urlPathEqualTo("/api/v1/policies/gate"))
            .withRequestBody(
                equalToJson(
                    "{\"expression\":\"candidate.auc >= 0.7\",\"mode\":\"warn\"}", true, true)));
  }

  @Test
  void deadLettersAreListedAndAdminsReplayThem() throws Exception {
    assertThat(page("/dead-letters", as("admin")))
        .contains("The dead-letter list is not available yet")
        .doesNotContain("class=\"notice error\"");
    services.stubFor(
        get(urlPathEqualTo("/api/v1/dead-letters"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"42","topic":"aifactory.training","partition":0,"offset":7,
                      "eventId":"e1","eventType":"training.run-completed","team":"demo",
                      "consumerGroup":"monitoring-service","error":"NullPointerException: cost",
                      "payload":{"runId":"r1"},"recordedAt":"2026-01-02T10:00:00Z"}],
                     "page":0,"size":50,"total":1}
                    """)));
    assertThat(page("/dead-letters", as("admin")))
        .contains("id=\"dead-letters\"")
        .contains("NullPointerException: cost")
        .contains("{&quot;runId&quot;:&quot;r1&quot;}")
        .contains("id=\"replay-42\"");
    assertThat(page("/dead-letters", as("viewer")))
        .doesNotContain("id=\"replay-42\"")
        .contains("Replaying needs the admin role");

    mvc.perform(
            MockMvcRequestBuilders.post("/dead-letters/42/replay")
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    services.verify(0, postRequestedFor(urlPathMatching("/api/v1/dead-letters/.*")));
    services.stubFor(
        post(urlPathEqualTo("/api/v1/dead-letters/42/replay"))
            .willReturn(okJson("{\"id\":\"42\",\"replayedAt\":\"2026-01-02T11:00:00Z\"}")));
    mvc.perform(
            MockMvcRequestBuilders.post("/dead-letters/42/replay")
                .with(csrf())
                .with(authentication(as("admin"))))
        .andExpect(redirectedUrl("/dead-letters"))
        .andExpect(flash().attribute("info", Matchers.containsString("re-published")));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/dead-letters/42/replay"))
            .withHeader("Authorization", equalTo("Bearer user-token")));
  }

  @Test
  void webhookDeliveriesShowStatusAttemptsAndTheLastAnswer() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/webhooks"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"w1","team":"demo","url":"https://hooks.example/aif","events":["policy.*"],
                      "createdBy":"root","createdAt":"2026-01-01T00:00:00Z"}],"page":0,"size":100,"total":1}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/webhooks/w1/deliveries"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"x1","eventId":"e1","eventType":"policy.decision-recorded","subject":"churn",
                      "status":"pending","attempts":3,"nextAttemptAt":"2026-01-02T10:10:00Z","lastStatus":503,
                      "lastError":"Service Unavailable","createdAt":"2026-01-02T10:00:00Z","deliveredAt":null}],
                     "page":0,"size":20,"total":1}
                    """)));
    assertThat(page("/webhooks", as("viewer")))
        .contains("https://hooks.example/aif")
        .contains("policy.decision-recorded")
        .contains("next try 2026-01-02 10:10:00 UTC")
        .contains("HTTP 503 Service Unavailable");
  }

  private String page(String path, Authentication who) throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get(path).with(authentication(who)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
