package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.TrainingJob;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import tools.jackson.databind.json.JsonMapper;

/** Clients, settings and jobs the SageMaker tests share. */
final class SageMakerTesting {

  static final String ROLE = "arn:aws:iam::123456789012:role/aifactory-sagemaker";
  static final JsonMapper JSON = JsonMapper.builder().build();

  private SageMakerTesting() {}

  static SageMakerClient client(URI endpoint) {
    return SageMakerClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  static SageMakerProperties properties() {
    return new SageMakerProperties(
        ROLE,
        "s3://aifactory-models/pipelines",
        "s3://aifactory-models/code",
        "aifactory-",
        "ml.m5.large",
        "1.7-1",
        Duration.ofMillis(20),
        0.6,
        1e9,
        null);
  }

  /** A launcher whose S3 is never reached (tests of the pipeline, not of the import). */
  static SageMakerPipelineLauncher launcher(SageMakerClient client) {
    return launcher(client, s3(URI.create("http://127.0.0.1:9")));
  }

  static SageMakerPipelineLauncher launcher(SageMakerClient client, S3Client s3) {
    return new SageMakerPipelineLauncher(
        new SageMakerPipelines(client),
        new SageMakerModelPackages(client),
        new S3Objects(s3),
        properties(),
        "us-east-1",
        JSON);
  }

  static S3Client s3(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  static TrainingJob job(String group) {
    return new TrainingJob(
        UUID.randomUUID(),
        group,
        "s3://aifactory-datasets/churn/v3/train.csv",
        "churned",
        Objective.BINARY,
        Map.of("max_depth", "3", "num_round", "50"),
        null);
  }
}
