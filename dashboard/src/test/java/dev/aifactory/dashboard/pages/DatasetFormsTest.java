package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import java.nio.charset.StandardCharsets;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Creating a dataset (with the team's READ grant for training) and uploading its versions. */
@SpringBootTest
@AutoConfigureMockMvc
class DatasetFormsTest {

  static final WireMockServer services = StandIn.start();
  static final String DS = "0f0e0d0c-0b0a-4090-8070-605040302011";
  static final String DATASET =
      """
      {"id":"%s","name":"customers","description":"who churns","tags":["crm","eu"],
       "training":{"modelGroup":"churn","target":"churned","objective":"binary","autoTrain":true},
       "createdBy":"someone","createdAt":"2026-01-01T00:00:00Z"}
      """
          .formatted(DS);
  static final String CSV = "age,plan,churned\n31,basic,0\n45,pro,1\n";

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void stubs() {
    services.resetAll();
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets")).willReturn(okJson(StandIn.EMPTY_PAGE)));
    services.stubFor(get(urlPathEqualTo("/api/v1/datasets/" + DS)).willReturn(okJson(DATASET)));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions"))
            .willReturn(okJson(StandIn.EMPTY_PAGE)));
  }

  @Test
  void aDataEngineerCreatesADatasetAndTheirTeamIsGrantedReadSoTrainingMayReadIt() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/datasets"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(DATASET)));
    services.stubFor(
        post(urlPathEqualTo("/api/v1/grants"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"g-1\",\"principal\":\"team:demo\",\"permissions\":[\"READ\"]}")));
    mvc.perform(
            MockMvcRequestBuilders.post("/datasets")
                .param("name", " customers ")
                .param("description", "who churns")
                .param("tags", "crm, eu")
                .param("modelGroup", "churn")
                .param("target", "churned")
                .param("objective", "binary")
                .param("autoTrain", "true")
                .with(csrf())
                .with(authentication(as("data-engineer"))))
        .andExpect(redirectedUrl("/datasets/" + DS))
        .andExpect(
            flash()
                .attribute(
                    "info",
                    "Created dataset customers and granted team:demo READ on it, so training can"
                        + " read its versions."));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/datasets"))
            .withHeader("Authorization", equalTo("Bearer user-token"))
            .withRequestBody(
                equalToJson(
                    """
                    {"name":"customers","description":"who churns","tags":["crm","eu"],
                     "training":{"modelGroup":"churn","target":"churned","objective":"binary","autoTrain":true}}
                    """)));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/grants"))
            .withHeader("Authorization", equalTo("Bearer user-token"))
            .withRequestBody(
                equalToJson(
                    "{\"principal\":\"team:demo\",\"permissions\":[\"READ\"],\"datasetId\":\""
                        + DS
                        + "\"}")));
  }

  @Test
  void aDatasetWithoutTrainingIsCreatedWithoutABindingAndAFailedGrantIsSaid() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/datasets"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(DATASET)));
    services.stubFor(
        post(urlPathEqualTo("/api/v1/grants"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        StandIn.problem(403, "Forbidden", "grants need the data-engineer role"))));
    mvc.perform(
            MockMvcRequestBuilders.post("/datasets")
                .param("name", "raw")
                .param("objective", "")
                .with(csrf())
                .with(authentication(as("admin"))))
        .andExpect(redirectedUrl("/datasets/" + DS))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    Matchers.allOf(
                        Matchers.containsString("the READ grant for team:demo failed"),
                        Matchers.containsString("grants need the data-engineer role"))));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/datasets"))
            .withRequestBody(
                equalToJson(
                    "{\"name\":\"raw\",\"description\":null,\"tags\":[],\"training\":null}")));
  }

  @Test
  void ingestionsValidationProblemsAreShownNextToTheFieldsTheyNameAndWhatWasTypedIsKept()
      throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/datasets"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        """
                        {"title":"Bad Request","status":400,"detail":"Invalid request",
                         "errors":[{"field":"name","message":"must be 1-63 characters of a-z"},
                                   {"field":"training.objective","message":"must be 'binary' or 'regression'"}]}
                        """)));
    String page =
        mvc.perform(
                MockMvcRequestBuilders.post("/datasets")
                    .param("name", "Customers!")
                    .param("modelGroup", "churn")
                    .param("target", "churned")
                    .param("objective", "multiclass")
                    .with(csrf())
                    .with(authentication(as("data-engineer"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("The dataset was not created. ingestion-service answered 400")
        .containsPattern("id=\"dataset-name-error\"[^>]*>must be 1-63 characters of a-z<")
        .containsPattern(
            "id=\"dataset-objective-error\"[^>]*>must be &#39;binary&#39; or &#39;regression&#39;<")
        .contains("value=\"Customers!\"")
        .containsPattern("value=\"multiclass\"\\s+selected")
        .doesNotContain("id=\"dataset-target-error\"");
    services.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/grants")));
  }

  @Test
  void anUploadIsStreamedToIngestionAsThePartFileAndLeadsToTheNewVersion() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"datasetId":"%s","version":2,"contentHash":"ab","rowCount":2,"sizeBytes":40,
                         "format":"csv","location":"file:///d/2","qualityStatus":"PASSED","qualityReason":null,
                         "columns":[],"createdBy":"someone","createdAt":"2026-01-02T00:00:00Z",
                         "schemaChange":{"previousVersion":1,"kind":"COMPATIBLE","changes":["added column plan"]}}
                        """
                            .formatted(DS))));
    mvc.perform(
            MockMvcRequestBuilders.multipart("/datasets/" + DS + "/versions")
                .file(
                    new MockMultipartFile(
                        "file", "customers.csv", "text/csv", CSV.getBytes(StandardCharsets.UTF_8)))
                .with(csrf())
                .with(authentication(as("data-engineer"))))
        .andExpect(redirectedUrl("/datasets/" + DS + "/versions/2"))
        .andExpect(
            flash()
                .attribute(
                    "info",
                    "Uploaded customers.csv as version 2: quality PASSED, schema change"
                        + " COMPATIBLE."));
    services.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions"))
            .withHeader("Authorization", equalTo("Bearer user-token"))
            .withHeader("Content-Type", containing("multipart/form-data"))
            .withRequestBodyPart(
                aMultipart()
                    .withName("file")
                    .withHeader("Content-Disposition", containing("filename=\"customers.csv\""))
                    .withBody(equalTo(CSV))
                    .build()));
  }

  @Test
  void aBadFilesProblemIsShownInWordsAndATooLargeOneNeverReachesIngestion() throws Exception {
    services.stubFor(
        post(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        StandIn.problem(
                            400, "Bad Request", "line 3 has 2 values but the header has 3"))));
    mvc.perform(
            MockMvcRequestBuilders.multipart("/datasets/" + DS + "/versions")
                .file(
                    new MockMultipartFile(
                        "file",
                        "broken.csv",
                        "text/csv",
                        "a,b,c\n1,2,3\n1,2\n".getBytes(StandardCharsets.UTF_8)))
                .with(csrf())
                .with(authentication(as("data-engineer"))))
        .andExpect(redirectedUrl("/datasets/" + DS + "#upload"))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    "The file broken.csv was not registered. ingestion-service answered 400 Bad"
                        + " Request: line 3 has 2 values but the header has 3"));
    mvc.perform(
            MockMvcRequestBuilders.multipart("/datasets/" + DS + "/versions")
                .file(new MockMultipartFile("file", "big.csv", "text/csv", new byte[2048]))
                .with(csrf())
                .with(authentication(as("data-engineer"))))
        .andExpect(redirectedUrl("/datasets/" + DS + "#upload"))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    Matchers.containsString(
                        "the file is larger than the 1 KB the dashboard accepts")));
    mvc.perform(
            MockMvcRequestBuilders.multipart("/datasets/" + DS + "/versions")
                .with(csrf())
                .with(authentication(as("data-engineer"))))
        .andExpect(redirectedUrl("/datasets/" + DS + "#upload"))
        .andExpect(flash().attribute("error", Matchers.containsString("choose a CSV")));
    services.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions")));
  }

  @Test
  void dataEngineersSeeTheFormsWithStableIds() throws Exception {
    assertThat(page("/datasets", as("data-engineer")))
        .contains("id=\"new-dataset-form\"")
        .contains("id=\"dataset-name\"")
        .contains("id=\"dataset-modelGroup\"")
        .contains("id=\"dataset-target\"")
        .contains("id=\"dataset-objective\"")
        .contains("id=\"dataset-autoTrain\"")
        .contains("id=\"create-dataset\"")
        .contains("name=\"_csrf\"")
        .contains("<label for=\"dataset-name\"")
        .contains("grants team:demo READ on the dataset");
    assertThat(page("/datasets/" + DS, as("admin")))
        .contains("id=\"upload-form\"")
        .contains("enctype=\"multipart/form-data\"")
        .contains("id=\"upload-file\"")
        .contains("<label for=\"upload-file\"")
        .contains("id=\"upload-version\"")
        .contains("at most 1 KB")
        .contains("action=\"/datasets/" + DS + "/versions\"");
  }

  @Test
  void viewersSeeNoFormAndTheirForgedPostsAreRefused() throws Exception {
    assertThat(page("/datasets", as("viewer"))).doesNotContain("new-dataset-form");
    assertThat(page("/datasets/" + DS, as("viewer", "ml-engineer"))).doesNotContain("upload-form");
    mvc.perform(
            MockMvcRequestBuilders.post("/datasets")
                .param("name", "forged")
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    mvc.perform(
            MockMvcRequestBuilders.multipart("/datasets/" + DS + "/versions")
                .file(
                    new MockMultipartFile(
                        "file", "x.csv", "text/csv", CSV.getBytes(StandardCharsets.UTF_8)))
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    services.verify(0, postRequestedFor(urlPathMatching("/api/v1/.*")));
  }

  private String page(String path, Authentication who) throws Exception {
    return mvc.perform(MockMvcRequestBuilders.get(path).with(authentication(who)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
