package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aifactory.dashboard.pages.StandIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The monitoring page against stand-in services: violations, SLO status, spend against the budget,
 * cost by team/model/version, quality over time (measured and estimated) and drift per feature.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MonitoringPagesTest {

  static final WireMockServer services = StandIn.start();
  static final String SLO = "5b0e1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void stubs() {
    services.resetAll();
    services.stubFor(
        get(urlPathEqualTo("/api/v1/drift-reports"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"d1","modelGroup":"churn","version":2,"endpoint":"churn",
                      "variant":"primary","windowFrom":"2026-01-02T10:00:00Z","windowTo":"2026-01-02T10:05:00Z",
                      "count":200,"driftShare":0.5,"driftedFeatures":["age"],
                      "features":[{"name":"age","method":"ks","statistic":0.4,"threshold":0.1,
                        "thresholdSource":"default","psi":0.31,"drifted":true},
                        {"name":"tenure","method":"ks","statistic":0.02,"threshold":0.1,
                        "thresholdSource":"default","psi":0.01,"drifted":false}],
                      "predictionDrift":null,"detectedAt":"2026-01-02T10:05:01Z"}],
                     "page":0,"size":50,"total":1}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/quality"))
            .willReturn(
                okJson(
                    """
                    {"items":[
                     {"windowId":"w2","endpoint":"churn","variant":"primary","modelGroup":"churn","version":2,
                      "windowFrom":"2026-01-02T10:05:00Z","windowTo":"2026-01-02T10:10:00Z","source":"confidence",
                      "estimated":true,"objective":"binary","sampleCount":150,"metrics":{"auc":0.83},
                      "trainingMetrics":{"auc":0.9},"degraded":[],"computedAt":"2026-01-02T10:10:01Z"},
                     {"windowId":"w1","endpoint":"churn","variant":"primary","modelGroup":"churn","version":2,
                      "windowFrom":"2026-01-02T10:00:00Z","windowTo":"2026-01-02T10:05:00Z","source":"ground-truth",
                      "estimated":false,"objective":"binary","sampleCount":120,"metrics":{"auc":0.87},
                      "trainingMetrics":{"auc":0.9},"degraded":[],"computedAt":"2026-01-02T10:06:00Z"}],
                     "page":0,"size":200,"total":2}
                    """)));
    for (String by : new String[] {"team", "modelGroup", "version"}) {
      services.stubFor(
          get(urlPathEqualTo("/api/v1/cost-reports"))
              .withQueryParam("by", equalTo(by))
              .willReturn(
                  okJson(
                      """
                      {"by":"%s","currency":"USD","items":[{"team":"demo","modelGroup":"churn",
                        "version":%s,"trainingCost":1.25,"servingCost":0.75,"totalCost":2.0,
                        "predictions":4000,"costPer1000Predictions":0.1875}]}
                      """
                          .formatted(by, "version".equals(by) ? "2" : "null"))));
    }
    services.stubFor(
        get(urlPathEqualTo("/api/v1/budgets/demo"))
            .willReturn(
                okJson(
                    """
                    {"team":"demo","period":"2026-01","state":"ok","monthlyLimitUsd":100.0,
                     "softLimitUsd":80.0,"spentUsd":40.0,"reason":"within budget"}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/slos"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"%s","endpoint":"churn","name":"churn-latency","objective":"latency",
                      "target":0.995,"latencyThresholdMs":100.0,"periodDays":30,
                      "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}],
                     "page":0,"size":200,"total":1}
                    """
                        .formatted(SLO))));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/slos/" + SLO + "/status"))
            .willReturn(
                okJson(
                    """
                    {"slo":{"id":"%s","endpoint":"churn","name":"churn-latency","objective":"latency",
                      "target":0.995,"latencyThresholdMs":100.0,"periodDays":30},
                     "at":"2026-01-02T10:10:00Z","total":1000,"good":990,"compliance":0.99,
                     "errorBudgetRemaining":-1.0,"burnRates":{"1h":20.0},
                     "alerts":[{"longWindow":"1h","shortWindow":"5m","threshold":14.4,
                       "burnRateLong":20.0,"burnRateShort":18.0,"firing":true}]}
                    """
                        .formatted(SLO))));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/violations")).willReturn(aResponse().withStatus(404)));
  }

  @Test
  void showsSpendAgainstTheBudgetAndCostByTeamModelAndVersion() throws Exception {
    String page = page();
    assertThat(page)
        .contains("40 USD of 100 USD (40 %)")
        .contains("id=\"cost-by-team\"")
        .contains("id=\"cost-by-model\"")
        .contains("0.1875")
        .contains("id=\"cost-chart\"")
        .contains("Cost (USD)")
        .contains("churn v2");
    services.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/budgets/demo"))
            .withHeader("Authorization", equalTo("Bearer user-token")));
  }

  @Test
  void showsTheSloStatusWithAFiringBurnRateAlert() throws Exception {
    assertThat(page())
        .contains("churn-latency")
        .contains("latency &lt; 100 ms")
        .contains("99.5 % over 30 d")
        .contains("99 %")
        .contains("FIRING")
        .contains("1h/5m: 20× / 18× (alert at 14.4×)");
  }

  @Test
  void drawsQualityMeasuredAndEstimatedAndDriftPerFeatureOverTime() throws Exception {
    assertThat(page())
        .contains("id=\"quality-chart-0\"")
        .contains("auc (measured)")
        .contains("auc (estimated)")
        .contains("Metric value (0–1 for AUC and accuracy")
        .contains("id=\"feature-drift-chart-0\"")
        .contains("Drift per feature of churn")
        .contains("PSI (unitless")
        .contains("id=\"drift-reports\"");
  }

  @Test
  void violationsNotOfferedYetReadAsNotAvailableNotAsAnError() throws Exception {
    assertThat(page())
        .contains("The list of violations is not available yet")
        .doesNotContain("class=\"notice error\"");
  }

  @Test
  void listsViolationsWhenMonitoringOffersThem() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/violations"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"v1","kind":"slo","endpoint":"churn","detail":"burn rate 20x over 1h",
                      "status":"open","detectedAt":"2026-01-02T10:10:00Z"}],"page":0,"size":100,"total":1}
                    """)));
    assertThat(page())
        .contains("id=\"violations\"")
        .contains("burn rate 20x over 1h")
        .contains("2026-01-02T10:10:00Z");
  }

  @Test
  void aFailingServiceSpoilsOnlyItsOwnSection() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/budgets/demo"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(StandIn.problem(503, "Service Unavailable", "database is down"))));
    assertThat(page())
        .contains("policy-service answered 503")
        .contains("database is down")
        .contains("churn-latency")
        .contains("id=\"cost-by-team\"");
  }

  private String page() throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get("/monitoring").with(authentication(as("viewer"))))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
