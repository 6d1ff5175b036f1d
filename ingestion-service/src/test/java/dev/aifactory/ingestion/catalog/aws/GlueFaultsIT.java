package dev.aifactory.ingestion.catalog.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.catalog.CatalogEntry;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Faults the emulator cannot produce, from a WireMock server speaking Glue's JSON protocol (POST /,
 * X-Amz-Target: AWSGlue.&lt;Operation&gt;, errors as {"__type": ...}).
 */
class GlueFaultsIT {

  static final String JSON = "application/x-amz-json-1.1";
  static final String THROTTLED =
      "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";

  WireMockServer wiremock;
  GlueClient glue;
  GlueDataCatalog catalog;

  @BeforeEach
  void start() {
    wiremock = new WireMockServer(wireMockConfig().dynamicPort());
    wiremock.start();
    glue =
        GlueDataCatalog.client(
            GlueClient.builder()
                .endpointOverride(URI.create(wiremock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))));
    catalog = new GlueDataCatalog(glue, "aifactory_");
  }

  @AfterEach
  void stop() {
    glue.close();
    wiremock.stop();
  }

  static CatalogEntry entry() {
    return new CatalogEntry(
        "growth",
        UUID.randomUUID(),
        "churn",
        1,
        "s3://bucket/datasets/x/abc/data.csv",
        "csv",
        "abc",
        List.of(new CatalogEntry.Column("age", "numeric")),
        3,
        "PASSED",
        List.of());
  }

  private void stub(String operation, int status, String body) {
    wiremock.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSGlue." + operation))
            .willReturn(
                aResponse().withStatus(status).withHeader("Content-Type", JSON).withBody(body)));
  }

  @Test
  void retriesThrottlingUntilGlueAnswers() {
    for (String state : List.of(Scenario.STARTED, "throttled once")) {
      wiremock.stubFor(
          post(urlEqualTo("/"))
              .withHeader("X-Amz-Target", equalTo("AWSGlue.GetDatabase"))
              .inScenario("throttling")
              .whenScenarioStateIs(state)
              .willSetStateTo(state.equals(Scenario.STARTED) ? "throttled once" : "throttled twice")
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withHeader("Content-Type", JSON)
                      .withBody(THROTTLED)));
    }
    wiremock.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSGlue.GetDatabase"))
            .inScenario("throttling")
            .whenScenarioStateIs("throttled twice")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", JSON)
                    .withBody("{\"Database\":{\"Name\":\"aifactory_growth\"}}")));
    stub("GetTable", 400, "{\"__type\":\"EntityNotFoundException\",\"message\":\"no table\"}");
    stub("CreateTable", 200, "{}");

    catalog.publish(entry());

    wiremock.verify(
        3,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSGlue.GetDatabase")));
    wiremock.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSGlue.CreateTable")));
  }

  @Test
  void turnsPersistentThrottlingIntoAClearServiceUnavailableError() {
    stub("GetDatabase", 400, THROTTLED);

    assertThatThrownBy(() -> catalog.publish(entry()))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.getMessage())
                  .contains("version 1 of dataset 'churn'")
                  .contains("ThrottlingException: Rate exceeded")
                  .contains("not registered");
            });
    wiremock.verify(
        3,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSGlue.GetDatabase")));
  }
}
