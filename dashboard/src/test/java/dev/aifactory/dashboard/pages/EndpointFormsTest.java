package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aifactory.dashboard.pages.StandIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Creating an endpoint bound to a model group, with how it follows the champion. */
@SpringBootTest
@AutoConfigureMockMvc
class EndpointFormsTest {

  static final WireMockServer services = StandIn.start();
  static final String CREATED =
      """
      {"name":"churn-api","team":"demo","modelGroup":"churn","captureSampleRate":0.2,"deployments":[],
       "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z",
       "championRollout":{"strategy":"canary","steps":[10,50,100],"bakeSeconds":60}}
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
        get(urlPathEqualTo("/api/v1/endpoints")).willReturn(okJson(StandIn.EMPTY_PAGE)));
  }

  @Test
  void anMlEngineerCreatesAnEndpointThatRollsTheChampionOutAsACanary() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/endpoints"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CREATED)));
    mvc.perform(
            create("churn-api", "0.2", "canary", "10, 50,100%", "60")
                .with(authentication(as("ml-engineer"))))
        .andExpect(redirectedUrl("/endpoints/churn-api"))
        .andExpect(
            flash()
                .attribute(
                    "info",
                    "Created endpoint churn-api: it serves the champion of churn once there is"
                        + " one."));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/endpoints"))
            .withHeader("Authorization", equalTo("Bearer user-token"))
            .withRequestBody(
                equalToJson(
                    """
                    {"name":"churn-api","modelGroup":"churn","captureSampleRate":0.2,
                     "championRollout":{"strategy":"canary","steps":[10,50,100],"bakeSeconds":60}}
                    """)));
  }

  @Test
  void anInstantEndpointSendsNoStepsEvenWhenSomeWereTyped() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/endpoints"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CREATED)));
    mvc.perform(create("churn-api", "1", "instant", "10", "60").with(authentication(as("admin"))))
        .andExpect(redirectedUrl("/endpoints/churn-api"));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/endpoints"))
            .withRequestBody(
                equalToJson(
                    """
                    {"name":"churn-api","modelGroup":"churn","captureSampleRate":1.0,
                     "championRollout":{"strategy":"instant","steps":null,"bakeSeconds":null}}
                    """)));
  }

  @Test
  void unreadableNumbersAreMarkedAtTheirFieldsWithoutCallingTheGateway() throws Exception {
    String page =
        mvc.perform(
                create("churn-api", "2", "canary", "ten, 50", "a minute")
                    .with(authentication(as("ml-engineer"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("The endpoint was not created: correct the fields marked.")
        .containsPattern("id=\"endpoint-captureSampleRate-error\"[^>]*>must be from 0 to 1<")
        .containsPattern("id=\"endpoint-steps-error\"[^>]*>must be whole percentages")
        .containsPattern("id=\"endpoint-bakeSeconds-error\"[^>]*>must be a whole number")
        .contains("value=\"ten, 50\"");
    services.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/endpoints")));
  }

  @Test
  void theGatewaysValidationProblemsAreShownNextToTheFieldsTheyName() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/endpoints"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        """
                        {"title":"Conflict","status":409,"detail":"endpoint churn-api exists",
                         "errors":[{"field":"name","message":"is taken"},
                                   {"field":"championRollout.steps","message":"must end at 100"}]}
                        """)));
    String page =
        mvc.perform(
                create("churn-api", "0.5", "canary", "10,50", "")
                    .with(authentication(as("ml-engineer"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("The endpoint was not created. inference-gateway answered 409")
        .contains("endpoint churn-api exists")
        .containsPattern("id=\"endpoint-name-error\"[^>]*>is taken<")
        .containsPattern("id=\"endpoint-steps-error\"[^>]*>must end at 100<")
        .contains("aria-describedby=\"endpoint-name-error\"");
  }

  @Test
  void mlEngineersSeeTheFormViewersDoNotAndAViewersForgedPostIsRefused() throws Exception {
    assertThat(page(as("ml-engineer")))
        .contains("id=\"new-endpoint-form\"")
        .contains("id=\"endpoint-name\"")
        .contains("id=\"endpoint-modelGroup\"")
        .contains("id=\"endpoint-captureSampleRate\"")
        .contains("<label for=\"endpoint-captureSampleRate\"")
        .contains("id=\"create-endpoint\"")
        .contains("name=\"_csrf\"");
    assertThat(page(as("viewer", "data-engineer"))).doesNotContain("new-endpoint-form");
    mvc.perform(create("forged", "1", "instant", "", "").with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    services.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/endpoints")));
  }

  private static MockHttpServletRequestBuilder create(
      String name, String rate, String strategy, String steps, String bake) {
    return MockMvcRequestBuilders.post("/endpoints")
        .param("name", name)
        .param("modelGroup", "churn")
        .param("captureSampleRate", rate)
        .param("strategy", strategy)
        .param("steps", steps)
        .param("bakeSeconds", bake)
        .with(csrf());
  }

  private String page(Authentication who) throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get("/endpoints").with(authentication(who)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
