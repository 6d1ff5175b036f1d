package dev.aifactory.ingestion.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * AWS catalog mode with a Glue endpoint that keeps throttling: the upload fails with a clear 503
 * and nothing of the version remains (no row, no event, no file).
 */
@SpringBootTest(properties = "aifactory.ingestion.catalog=aws")
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class AwsCatalogFailureIT extends IngestionTestSupport {

  static final WireMockServer GLUE = new WireMockServer(wireMockConfig().dynamicPort());

  @DynamicPropertySource
  static void glue(DynamicPropertyRegistry registry) {
    if (!GLUE.isRunning()) {
      GLUE.start();
      GLUE.stubFor(
          post(urlEqualTo("/"))
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withHeader("Content-Type", "application/x-amz-json-1.1")
                      .withBody(
                          "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));
    }
    registry.add("aifactory.aws.endpoint", GLUE::baseUrl);
    registry.add("aifactory.aws.access-key-id", () -> "k");
    registry.add("aifactory.aws.secret-access-key", () -> "s");
  }

  @AfterAll
  static void stop() {
    GLUE.stop();
  }

  @Test
  void refusesTheVersionWithAClearErrorWhenGlueKeepsThrottling() throws Exception {
    String id = createDataset(null);

    upload(id, "ref,amount\n1,2.5\n")
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(containsString("ThrottlingException")));
    assertNothingCreated(id);
  }
}
