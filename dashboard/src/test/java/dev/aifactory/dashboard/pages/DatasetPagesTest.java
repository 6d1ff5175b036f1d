package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import com.github.tomakehurst.wiremock.client.WireMock;
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

/** Schema changes, quality rule results and the steward's classification decisions. */
@SpringBootTest
@AutoConfigureMockMvc
class DatasetPagesTest {

  static final WireMockServer services = StandIn.start();
  static final String DS = "0f0e0d0c-0b0a-4090-8070-605040302010";

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void stubs() {
    services.resetAll();
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","name":"customers","description":"d","tags":[],
                     "training":{"modelGroup":"churn","target":"churned","objective":"binary","autoTrain":true},
                     "createdBy":"alice","createdAt":"2026-01-01T00:00:00Z"}
                    """
                        .formatted(DS))));
    String v2 =
        """
        {"datasetId":"%s","version":2,"contentHash":"abcdef0123456789","rowCount":3000,"sizeBytes":2048,
         "format":"csv","location":"file:///d/2","qualityStatus":"PASSED","qualityReason":null,
         "columns":[{"name":"age","type":"numeric","count":3000,"nulls":0,"distinct":60,"distinctCapped":false,
           "min":18,"max":80,"mean":40,"std":10,"histogram":[{"lower":18,"upper":50,"count":2000},
           {"lower":50,"upper":80,"count":1000}],"topValues":[]}],
         "createdBy":"alice","createdAt":"2026-01-02T00:00:00Z",
         "schemaChange":{"previousVersion":1,"kind":"BREAKING","changes":["removed column plan","age: text -> numeric"]}}
        """
            .formatted(DS);
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions"))
            .willReturn(okJson("{\"items\":[" + v2 + "],\"page\":0,\"size\":200,\"total\":1}")));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions/2")).willReturn(okJson(v2)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions/2/quality-results"))
            .willReturn(
                okJson(
                    """
                    {"datasetId":"%s","version":2,"qualityStatus":"PASSED","qualityReason":null,
                     "rulesetVersion":3,"results":[
                       {"rule":"rowCount > 1000","passed":true,"observed":3000,"approximate":false,"detail":null},
                       {"rule":"nulls(age) < 0.01","passed":false,"observed":0.02,"approximate":true,"detail":"2 %% nulls"}]}
                    """
                        .formatted(DS))));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS + "/classification"))
            .willReturn(
                okJson(
                    """
                    {"datasetId":"%s","version":2,"columns":[
                      {"column":"email","detections":[{"kind":"email","confidence":0.97,"matched":97,
                        "sampled":100,"byName":true,"byValues":true}],"detectedTags":["pii","pii:email"],
                       "tags":["pii","pii:email"],"override":null},
                      {"column":"age","detections":[],"detectedTags":[],"tags":["quasi-identifier"],
                       "override":{"column":"age","tags":["quasi-identifier"],"reason":"with zip it identifies",
                         "decidedBy":"bob","decidedAt":"2026-01-02T01:00:00Z"}}]}
                    """
                        .formatted(DS))));
  }

  @Test
  void showsSchemaChangesAndTheClassificationWithTheStewardsForms() throws Exception {
    String page = page("/datasets/" + DS, as("data-engineer"));
    assertThat(page)
        .contains("BREAKING")
        .contains("since v1")
        .contains("removed column plan")
        .contains("id=\"classification-columns\"")
        .contains("email (97 %, by name, 97 of 100 values)")
        .contains("not confirmed yet")
        .contains("bob at 2026-01-02 01:00:00 UTC: with zip it identifies")
        .contains("id=\"confirm-tags-0\"")
        .contains("Confirm detected (pii, pii:email)")
        .contains("id=\"override-1\"");
    assertThat(page("/datasets/" + DS, as("viewer")))
        .contains("id=\"classification-columns\"")
        .doesNotContain("id=\"confirm-tags-0\"")
        .contains("needs the data-engineer or admin role");
  }

  @Test
  void aStewardConfirmsTheDetectedTagsWithAReason() throws Exception {
    services.stubFor(
        put(urlPathEqualTo("/api/v1/datasets/" + DS + "/classification/email"))
            .willReturn(okJson("{\"column\":\"email\",\"tags\":[\"pii\",\"pii:email\"]}")));
    mvc.perform(
            MockMvcRequestBuilders.post("/datasets/" + DS + "/classification/email")
                .param("action", "confirm")
                .param("detected", "pii,pii:email")
                .param("tags", "ignored")
                .param("reason", "checked a sample")
                .with(csrf())
                .with(authentication(as("data-engineer"))))
        .andExpect(redirectedUrl("/datasets/" + DS + "#classification"))
        .andExpect(flash().attribute("info", "Confirmed the tags of email: pii, pii:email."));
    services.verify(
        putRequestedFor(urlPathEqualTo("/api/v1/datasets/" + DS + "/classification/email"))
            .withRequestBody(
                equalToJson("{\"tags\":[\"pii\",\"pii:email\"],\"reason\":\"checked a sample\"}")));
  }

  @Test
  void anOverrideWithoutAReasonIsExplainedAndAViewersIsRefused() throws Exception {
    mvc.perform(
            MockMvcRequestBuilders.post("/datasets/" + DS + "/classification/age")
                .param("action", "override")
                .param("tags", "")
                .param("reason", " ")
                .with(csrf())
                .with(authentication(as("admin"))))
        .andExpect(flash().attribute("error", Matchers.containsString("say why")));
    mvc.perform(
            MockMvcRequestBuilders.post("/datasets/" + DS + "/classification/age")
                .param("action", "override")
                .param("tags", "")
                .param("reason", "forged")
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    services.verify(0, anyRequestedFor(urlPathMatching(".*/classification/.*")));
  }

  @Test
  void ingestionsRefusalIsShownInWords() throws Exception {
    services.stubFor(
        put(urlPathEqualTo("/api/v1/datasets/" + DS + "/classification/age"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        """
                        {"title":"Bad Request","status":400,"detail":"Invalid request",
                         "errors":[{"field":"tags","message":"unknown tag 'secret'"}]}
                        """)));
    mvc.perform(
            MockMvcRequestBuilders.post("/datasets/" + DS + "/classification/age")
                .param("action", "override")
                .param("tags", "secret")
                .param("reason", "it is")
                .with(csrf())
                .with(authentication(as("data-engineer"))))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    Matchers.allOf(
                        Matchers.containsString("ingestion-service answered 400"),
                        Matchers.containsString("tags unknown tag 'secret'"))));
  }

  @Test
  void aVersionShowsItsSchemaChangeAndQualityRuleResults() throws Exception {
    String page = page("/datasets/" + DS + "/versions/2", as("ml-engineer"));
    assertThat(page)
        .contains("id=\"schema-change\"")
        .contains("age: text -&gt; numeric")
        .contains("id=\"quality-results\"")
        .contains("Ruleset v3: PASSED")
        .contains("nulls(age) &lt; 0.01")
        .contains("≈ 0.0200")
        .contains("2 % nulls")
        .contains("id=\"train-on-version\"")
        .contains("datasetVersion=2")
        .contains("id=\"histogram-0\"");
  }

  @Test
  void routesIngestionDoesNotOfferYetReadAsNotAvailable() throws Exception {
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS + "/classification"))
            .willReturn(WireMock.aResponse().withStatus(404)));
    assertThat(page("/datasets/" + DS, as("viewer")))
        .contains("Classification is not available yet")
        .doesNotContain("class=\"notice error\"");
  }

  private String page(String path, Authentication who) throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get(path).with(authentication(who)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
