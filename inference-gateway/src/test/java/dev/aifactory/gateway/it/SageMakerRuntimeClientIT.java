package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.gateway.TrainedModel;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * The AWS SDK's own {@code SageMakerRuntimeClient}, pointed at the gateway, invokes an endpoint as
 * it would invoke a SageMaker endpoint. Until the gateway verifies SigV4, the client sends no
 * signature (anonymous credentials) and the platform's bearer token instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SageMakerRuntimeClientIT extends GatewayItSupport {

  @TempDir static Path dir;

  private final String endpoint = unique("aws-client");
  private final String group = unique("aws-client-model");
  private double[] expected;
  private SageMakerRuntimeClient client;

  @BeforeAll
  void deployChampionAndBuildClient() throws Exception {
    TrainedModel model = TrainedModel.train(dir, 12);
    expected = model.predict(ENCODED);
    createEndpoint(endpoint, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, model));
    awaitDeployedVersion(endpoint, 1);
    client = clientWithToken(VIEWER);
  }

  @AfterAll
  void closeClient() {
    client.close();
  }

  @Test
  void invokesWithCsvAndReadsTheVariantAndTheScores() {
    InvokeEndpointResponse response =
        client.invokeEndpoint(
            r ->
                r.endpointName(endpoint)
                    .contentType("text/csv")
                    .accept("text/csv")
                    .body(SdkBytes.fromUtf8String("35,60.0,pro\n22,20.5,basic\n58,95.25,plus\n")));

    assertThat(response.invokedProductionVariant()).isEqualTo("primary");
    assertThat(response.contentType()).startsWith("text/csv");
    double[] scores =
        Arrays.stream(response.body().asUtf8String().trim().split("\n"))
            .mapToDouble(Double::parseDouble)
            .toArray();
    assertThat(scores).containsExactly(expected);
  }

  @Test
  void invokesWithJsonAndReadsTheVariantAndTheScores() throws Exception {
    InvokeEndpointResponse response =
        client.invokeEndpoint(
            r ->
                r.endpointName(endpoint)
                    .contentType("application/json")
                    .accept("application/json")
                    .body(
                        SdkBytes.fromUtf8String(
                            json.writeValueAsString(Map.of("instances", ROWS)))));

    assertThat(response.invokedProductionVariant()).isEqualTo("primary");
    Map<?, ?> body = json.readValue(response.body().asUtf8String(), Map.class);
    double[] scores =
        ((List<?>) body.get("predictions"))
            .stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    assertThat(scores).containsExactly(expected);
  }

  @Test
  void honoursTargetVariantAndRejectsAnUnknownOne() {
    InvokeEndpointResponse response =
        client.invokeEndpoint(
            r ->
                r.endpointName(endpoint)
                    .targetVariant("primary")
                    .contentType("text/csv")
                    .body(SdkBytes.fromUtf8String("35,60.0,pro\n")));
    assertThat(response.invokedProductionVariant()).isEqualTo("primary");

    assertThatThrownBy(
            () ->
                client.invokeEndpoint(
                    r ->
                        r.endpointName(endpoint)
                            .targetVariant("shadow")
                            .contentType("text/csv")
                            .body(SdkBytes.fromUtf8String("35,60.0,pro\n"))))
        .isInstanceOfSatisfying(
            SageMakerRuntimeException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().rawResponse().asUtf8String())
                  .contains("X-Amzn-SageMaker-Target-Variant");
            });
  }

  @Test
  void surfacesAnotherTeamsEndpointAsNotFound() {
    try (SageMakerRuntimeClient outsider = clientWithToken(OUTSIDER)) {
      assertThatThrownBy(
              () ->
                  outsider.invokeEndpoint(
                      r ->
                          r.endpointName(endpoint)
                              .contentType("text/csv")
                              .body(SdkBytes.fromUtf8String("35,60.0,pro\n"))))
          .isInstanceOfSatisfying(
              SageMakerRuntimeException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
  }

  @Test
  void surfacesMalformedCsvAsABadRequest() {
    assertThatThrownBy(
            () ->
                client.invokeEndpoint(
                    r ->
                        r.endpointName(endpoint)
                            .contentType("text/csv")
                            .body(SdkBytes.fromUtf8String("35,60.0\n"))))
        .isInstanceOfSatisfying(
            SageMakerRuntimeException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
  }

  private SageMakerRuntimeClient clientWithToken(String bearer) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(o -> o.putHeader("Authorization", bearer))
        .build();
  }
}
