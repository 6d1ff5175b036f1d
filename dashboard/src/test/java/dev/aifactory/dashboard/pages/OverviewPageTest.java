package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
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

/** The overview's spend against the budget, open violations and policy's loop state. */
@SpringBootTest
@AutoConfigureMockMvc
class OverviewPageTest {

  static final WireMockServer services = StandIn.start();

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void stubs() {
    services.resetAll();
    for (String path :
        new String[] {
          "/api/v1/training-runs", "/api/v1/endpoints", "/api/v1/drift-reports", "/api/v1/decisions"
        }) {
      services.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(StandIn.EMPTY_PAGE)));
    }
    services.stubFor(
        get(urlPathEqualTo("/api/v1/model-groups"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"name":"churn","team":"demo","createdAt":"2026-01-01T00:00:00Z"}],
                     "page":0,"size":200,"total":1}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/model-groups/churn"))
            .willReturn(
                okJson(
                    """
                    {"name":"churn","team":"demo","createdAt":"2026-01-01T00:00:00Z",
                     "aliases":{"champion":2},"latest":3}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/model-groups/churn/versions"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"modelGroup":"churn","version":2,"status":"APPROVED","metrics":{"auc":0.9},
                      "trigger":"data","createdAt":"2026-01-01T00:00:00Z"}],"page":0,"size":200,"total":1}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/budgets/demo"))
            .willReturn(
                okJson(
                    """
                    {"team":"demo","period":"2026-01","state":"soft","monthlyLimitUsd":10.0,
                     "softLimitUsd":8.0,"spentUsd":9.0,"reason":"past the soft limit"}
                    """)));
  }

  @Test
  void showsSpendAgainstTheBudgetOpenViolationsAndPolicysLoopState() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/violations"))
            .willReturn(
                okJson(
                    """
                    {"items":[{"id":"v1","kind":"slo","endpoint":"churn","detail":"burning 20x","status":"open"},
                              {"id":"v2","kind":"budget","team":"demo","detail":"old","status":"resolved"}],
                     "page":0,"size":100,"total":2}
                    """)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/loops"))
            .willReturn(
                okJson("[{\"modelGroup\":\"churn\",\"state\":\"rolling-out\",\"version\":3}]")));
    String page = page();
    assertThat(page)
        .contains("9 USD of 10 USD (90 %, soft)")
        .contains("<strong class=\"status-bad\">1</strong>")
        .contains("slo churn: burning 20x")
        .doesNotContain("budget demo: old")
        .contains(">rolling out<");
  }

  @Test
  void routesNotOfferedYetLeaveTheRestOfTheOverviewIntact() throws Exception {
    services.stubFor(
        get(urlPathMatching("/api/v1/(violations|loops)")).willReturn(aResponse().withStatus(404)));
    assertThat(page())
        .contains("The list of violations is not available yet")
        .contains("id=\"overview-groups\"")
        .contains(">idle<")
        .doesNotContain("class=\"notice error\"");
  }

  private String page() throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get("/").with(authentication(as("viewer"))))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
