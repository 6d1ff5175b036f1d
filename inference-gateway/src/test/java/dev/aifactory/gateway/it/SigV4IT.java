package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.gateway.TrainedModel;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * The real {@code SageMakerRuntimeClient} signing with SigV4 and static credentials, as SageMaker
 * users do out of the box: the gateway verifies the signature with the access key's secret from its
 * credential store (test config: growth-signer and payments-signer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigV4IT extends GatewayItSupport {

  @TempDir static Path dir;

  private final String endpoint = unique("signed");
  private double[] expected;

  @BeforeAll
  void deployChampion() throws Exception {
    String group = unique("signed-model");
    TrainedModel model = TrainedModel.train(dir, 12);
    expected = model.predict(ENCODED);
    createEndpoint(endpoint, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, model));
    awaitDeployedVersion(endpoint, 1);
  }

  @Test
  void aSignedRequestWithTheRightSecretIsServed() {
    try (SageMakerRuntimeClient client = client("growth-signer", "growth-signing-secret")) {
      InvokeEndpointResponse response = invoke(client);
      assertThat(response.invokedProductionVariant()).isEqualTo("primary");
      double[] scores =
          Arrays.stream(response.body().asUtf8String().trim().split("\n"))
              .mapToDouble(Double::parseDouble)
              .toArray();
      assertThat(scores).containsExactly(expected);
    }
  }

  @Test
  void aWrongSecretIsForbidden() {
    try (SageMakerRuntimeClient client = client("growth-signer", "not-the-secret")) {
      assertThatThrownBy(() -> invoke(client))
          .isInstanceOfSatisfying(
              SageMakerRuntimeException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().rawResponse().asUtf8String())
                    .contains("signature does not match");
              });
    }
  }

  @Test
  void anUnknownAccessKeyIsForbidden() {
    try (SageMakerRuntimeClient client = client("nobody", "whatever")) {
      assertThatThrownBy(() -> invoke(client))
          .isInstanceOfSatisfying(
              SageMakerRuntimeException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().rawResponse().asUtf8String())
                    .contains("unknown access key id");
              });
    }
  }

  @Test
  void anotherTeamsSignerFindsNoSuchEndpoint() {
    try (SageMakerRuntimeClient client = client("payments-signer", "payments-signing-secret")) {
      assertThatThrownBy(() -> invoke(client))
          .isInstanceOfSatisfying(
              SageMakerRuntimeException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
  }

  private InvokeEndpointResponse invoke(SageMakerRuntimeClient client) {
    return client.invokeEndpoint(
        r ->
            r.endpointName(endpoint)
                .contentType("text/csv")
                .accept("text/csv")
                .body(SdkBytes.fromUtf8String("35,60.0,pro\n22,20.5,basic\n58,95.25,plus\n")));
  }

  private SageMakerRuntimeClient client(String accessKey, String secret) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .build();
  }
}
