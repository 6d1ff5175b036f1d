package dev.aifactory.gateway.serving.sagemaker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.serving.BackendFailure;
import dev.aifactory.gateway.serving.EndpointProvisioner.EndpointSpec;
import dev.aifactory.gateway.serving.EndpointProvisioner.Provisioned;
import dev.aifactory.gateway.serving.EndpointProvisioner.VariantSpec;
import dev.aifactory.gateway.serving.ServableModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SageMaker adapters with the real AWS SDK v2 clients: provisioning and {@code InvokeEndpoint}
 * against the local AWS emulator (moto server), and {@code InvokeEndpoint} against WireMock for
 * what the emulator cannot do: check the {@code TargetVariant} header and the CSV body, and be
 * slow, failing or throttling.
 */
class SageMakerBackendIT {

  private static final float[] ROWS = {35, 60, 2, 22, 20.5f, 0};
  private static MotoServer moto;
  private static SageMakerClient sagemaker;
  private static final WireMockServer stub =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private static final GatewayProperties.Remote SETTINGS =
      new GatewayProperties.Remote(
          Duration.ofMillis(1500),
          Duration.ofSeconds(1),
          20,
          Duration.ofSeconds(30),
          1,
          Duration.ofSeconds(5),
          Duration.ofSeconds(2));

  private String endpoint;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    sagemaker = moto.configure(SageMakerClient.builder()).build();
    stub.start();
  }

  @AfterAll
  static void stop() {
    stub.stop();
    if (sagemaker != null) {
      sagemaker.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  /** A SageMaker endpoint with two production variants, provisioned through the emulator. */
  @BeforeEach
  void provisionedEndpoint() {
    endpoint = "churn-" + UUID.randomUUID().toString().substring(0, 8);
    Provisioned provisioned =
        new SageMakerEndpointProvisioner(sagemaker, Duration.ofMillis(100))
            .provision(spec(endpoint, "v1", "v2"), Duration.ofSeconds(30));
    assertThat(provisioned.status()).isEqualTo("InService");
    assertThat(provisioned.arn()).contains(endpoint);
  }

  @Test
  void provisionsAnEndpointWithItsProductionVariants() {
    var described = sagemaker.describeEndpoint(r -> r.endpointName(endpoint));
    assertThat(described.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
    var config =
        sagemaker.describeEndpointConfig(r -> r.endpointConfigName(described.endpointConfigName()));
    assertThat(config.productionVariants())
        .extracting(v -> v.variantName() + ":" + v.modelName() + ":" + v.initialVariantWeight())
        .containsExactlyInAnyOrder(
            "variant-v1:" + endpoint + "-v1:0.5", "variant-v2:" + endpoint + "-v2:0.5");
    assertThat(
            sagemaker.describeModel(r -> r.modelName(endpoint + "-v2")).primaryContainer().image())
        .isEqualTo("xgboost:1.7");
  }

  /** The emulator has no UpdateEndpoint: WireMock speaks SageMaker's JSON protocol instead. */
  @Test
  void anExistingEndpointIsUpdatedToANewConfiguration() {
    stubControl("DescribeModel", "{\"ModelName\": \"m\"}");
    stubControl("CreateEndpointConfig", "{\"EndpointConfigArn\": \"arn:config\"}");
    stubControl("UpdateEndpoint", "{\"EndpointArn\": \"arn:endpoint\"}");
    stubControl(
        "DescribeEndpoint",
        "{\"EndpointName\": \""
            + endpoint
            + "\", \"EndpointArn\": \"arn:endpoint\","
            + " \"EndpointConfigName\": \"c\", \"EndpointStatus\": \"InService\","
            + " \"CreationTime\": 1, \"LastModifiedTime\": 1}");
    try (SageMakerClient control =
        SageMakerClient.builder()
            .endpointOverride(URI.create(stub.baseUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .build()) {
      Provisioned updated =
          new SageMakerEndpointProvisioner(control, Duration.ofMillis(100))
              .provision(spec(endpoint, "v2", "v3"), Duration.ofSeconds(30));
      assertThat(updated.status()).isEqualTo("InService");
      stub.verify(
          postRequestedFor(urlEqualTo("/"))
              .withHeader("X-Amz-Target", equalTo("SageMaker.UpdateEndpoint"))
              .withRequestBody(
                  com.github.tomakehurst.wiremock.client.WireMock.containing(
                      updated.configName())));
      stub.verify(
          0,
          postRequestedFor(urlEqualTo("/"))
              .withHeader("X-Amz-Target", equalTo("SageMaker.CreateEndpoint")));
    }
  }

  @Test
  void invokesTheEndpointThroughTheEmulator() throws Exception {
    queueEmulatorResult("0.25\n0.75\n", "variant-v2");
    try (SageMakerRuntimeClient runtime = runtime(moto.endpoint())) {
      SageMakerEndpointBackend backend = backend(runtime);
      ServableModel model = model("sagemaker://" + endpoint + "/variant-v2");
      backend.load(model);

      assertThat(backend.isReady(model)).isTrue();
      assertThat(backend.predict(model, ROWS, 2, 3)).containsExactly(0.25, 0.75);
    }
  }

  @Test
  void sendsCsvRowsAndNamesTheTargetVariant() {
    stub.stubFor(
        post(urlEqualTo("/endpoints/" + endpoint + "/invocations"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"predictions\": [{\"score\": 0.4}, {\"score\": 0.6}]}")));
    try (SageMakerRuntimeClient runtime = runtime(URI.create(stub.baseUrl()))) {
      SageMakerEndpointBackend backend = backend(runtime);
      ServableModel model = model("sagemaker://" + endpoint + "/variant-v1");

      assertThat(backend.predict(model, ROWS, 2, 3)).containsExactly(0.4, 0.6);
    }
    stub.verify(
        postRequestedFor(urlEqualTo("/endpoints/" + endpoint + "/invocations"))
            .withHeader("X-Amzn-SageMaker-Target-Variant", equalTo("variant-v1"))
            .withHeader("Content-Type", equalTo("text/csv"))
            .withRequestBody(equalTo("35.0,60.0,2.0\n22.0,20.5,0.0\n")));
  }

  @Test
  void throttlingIsReportedWithoutRetrying() {
    stub.stubFor(
        post(urlEqualTo("/endpoints/" + endpoint + "/invocations"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("x-amzn-ErrorType", "ThrottlingException")
                    .withBody("{\"message\": \"Rate exceeded\"}")));
    try (SageMakerRuntimeClient runtime = runtime(URI.create(stub.baseUrl()))) {
      SageMakerEndpointBackend backend = backend(runtime);
      assertThatThrownBy(() -> backend.predict(model("sagemaker://" + endpoint), ROWS, 2, 3))
          .isInstanceOfSatisfying(
              BackendFailure.class,
              f -> assertThat(f.kind()).isEqualTo(BackendFailure.Kind.THROTTLED));
    }
    stub.verify(1, postRequestedFor(urlEqualTo("/endpoints/" + endpoint + "/invocations")));
  }

  @Test
  void aSlowEndpointTimesOut() {
    stub.stubFor(
        post(urlEqualTo("/endpoints/" + endpoint + "/invocations"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(5000).withBody("0.1\n0.2")));
    try (SageMakerRuntimeClient runtime = runtime(URI.create(stub.baseUrl()))) {
      SageMakerEndpointBackend backend = backend(runtime);
      assertThatThrownBy(() -> backend.predict(model("sagemaker://" + endpoint), ROWS, 2, 3))
          .isInstanceOfSatisfying(
              BackendFailure.class,
              f -> assertThat(f.kind()).isEqualTo(BackendFailure.Kind.TIMEOUT));
    }
  }

  @Test
  void failingEndpointOpensTheBreakerAfter20CallsAndThenFailsFast() {
    stub.stubFor(
        post(urlEqualTo("/endpoints/" + endpoint + "/invocations"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("x-amzn-ErrorType", "InternalFailure")
                    .withBody("{\"message\": \"boom\"}")));
    try (SageMakerRuntimeClient runtime = runtime(URI.create(stub.baseUrl()))) {
      SageMakerEndpointBackend backend = backend(runtime);
      ServableModel model = model("sagemaker://" + endpoint);
      for (int i = 0; i < 20; i++) {
        assertThatThrownBy(() -> backend.predict(model, ROWS, 2, 3))
            .isInstanceOfSatisfying(
                BackendFailure.class,
                f -> assertThat(f.kind()).isEqualTo(BackendFailure.Kind.FAILED));
      }
      assertThatThrownBy(() -> backend.predict(model, ROWS, 2, 3))
          .isInstanceOfSatisfying(
              BackendFailure.class, f -> assertThat(f.kind()).isEqualTo(BackendFailure.Kind.OPEN));
    }
    stub.verify(20, postRequestedFor(urlEqualTo("/endpoints/" + endpoint + "/invocations")));
  }

  @Test
  void anEndpointThatDoesNotExistIsNotReady() {
    try (SageMakerRuntimeClient runtime = runtime(moto.endpoint())) {
      SageMakerEndpointBackend backend = backend(runtime);
      assertThatThrownBy(() -> backend.load(model("sagemaker://missing-endpoint")))
          .hasMessageContaining("not in service");
    }
  }

  // ---- helpers ----

  private static void stubControl(String action, String body) {
    stub.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("SageMaker." + action))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  private static EndpointSpec spec(String endpoint, String... versions) {
    return new EndpointSpec(
        endpoint,
        java.util.Arrays.stream(versions)
            .map(
                v ->
                    new VariantSpec(
                        "variant-" + v,
                        endpoint + "-" + v,
                        "xgboost:1.7",
                        "s3://models/" + v + "/model.tar.gz",
                        "arn:aws:iam::123456789012:role/sagemaker",
                        "ml.m5.large",
                        1,
                        0.5f))
            .toList());
  }

  private static SageMakerRuntimeClient runtime(URI endpoint) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .overrideConfiguration(
            o -> o.apiCallTimeout(SETTINGS.timeout()).retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static SageMakerEndpointBackend backend(SageMakerRuntimeClient runtime) {
    return new SageMakerEndpointBackend(runtime, sagemaker, new JsonMapper(), SETTINGS);
  }

  private static ServableModel model(String uri) {
    return new ServableModel("growth", "churn", 1, uri, "binary", 3);
  }

  /** moto answers InvokeEndpoint from a queue set through its own API. */
  private static void queueEmulatorResult(String body, String variant) throws Exception {
    String results =
        new JsonMapper()
            .writeValueAsString(
                java.util.Map.of(
                    "results",
                    List.of(
                        java.util.Map.of(
                            "Body",
                            body,
                            "ContentType",
                            "text/csv",
                            "InvokedProductionVariant",
                            variant,
                            "CustomAttributes",
                            ""))));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        moto.endpoint().resolve("/moto-api/static/sagemaker/endpoint-results"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(results))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
  }
}
