package dev.aifactory.training.run.sagemaker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.RunProgress;
import dev.aifactory.training.run.TrainedModel;
import dev.aifactory.training.run.TrainingFailure;
import dev.aifactory.training.run.TrainingJob;
import dev.aifactory.training.run.local.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * A succeeded execution imported into the registry's shape: model and evaluation report from S3
 * (the emulator), the package and the training job's billing from SageMaker (a WireMock stub of its
 * JSON protocol: the emulator runs no pipelines).
 */
class SageMakerImportIT {

  private static final String EXECUTION =
      "arn:aws:sagemaker:us-east-1:123456789012:pipeline/aifactory-churn/execution/ok1";
  private static final String PACKAGE =
      "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/7";
  private static final String JSON_11 = "application/x-amz-json-1.1";

  static MotoServer moto;
  static S3Client s3;

  @TempDir Path dir;
  WireMockServer sagemaker;
  SageMakerClient client;
  byte[] modelBytes;

  @BeforeAll
  static void emulator() throws IOException {
    moto = MotoServer.start();
    s3 = SageMakerTesting.s3(moto.endpoint());
    s3.createBucket(b -> b.bucket("aifactory-datasets"));
    s3.createBucket(b -> b.bucket("aifactory-models"));
  }

  @AfterAll
  static void stopEmulator() {
    if (s3 != null) {
      s3.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void stub() throws Exception {
    sagemaker = new WireMockServer(options().dynamicPort());
    sagemaker.start();
    client = SageMakerTesting.client(URI.create(sagemaker.baseUrl()));
    answer("DescribeModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}");
    answer("ListPipelines", "{\"PipelineSummaries\":[]}");
    answer("CreatePipeline", "{\"PipelineArn\":\"arn:aws:sagemaker:us-east-1:1:pipeline/p\"}");
    answer("StartPipelineExecution", "{\"PipelineExecutionArn\":\"" + EXECUTION + "\"}");
    answer(
        "DescribePipelineExecution",
        "{\"PipelineExecutionArn\":\""
            + EXECUTION
            + "\",\"PipelineExecutionStatus\":\"Succeeded\"}");
    answer(
        "ListPipelineExecutionSteps",
        "{\"PipelineExecutionSteps\":["
            + "{\"StepName\":\"Register-RegisterModel\",\"StepStatus\":\"Succeeded\",\"Metadata\":"
            + "{\"RegisterModel\":{\"Arn\":\""
            + PACKAGE
            + "\"}}},"
            + "{\"StepName\":\"Train\",\"StepStatus\":\"Succeeded\",\"Metadata\":{\"TrainingJob\":"
            + "{\"Arn\":\"arn:aws:sagemaker:us-east-1:123456789012:training-job/pipelines-ok1-train\"}}}]}");
    answer(
        "DescribeModelPackage",
        "{\"ModelPackageArn\":\""
            + PACKAGE
            + "\",\"ModelPackageGroupName\":\"churn\",\"ModelApprovalStatus\":\"PendingManualApproval\","
            + "\"InferenceSpecification\":{\"Containers\":[{\"Image\":\"xgb\",\"ModelDataUrl\":"
            + "\"s3://aifactory-models/pipelines/churn/models/pipelines-ok1-train/output/model.tar.gz\"}],"
            + "\"SupportedContentTypes\":[\"text/csv\"],\"SupportedResponseMIMETypes\":[\"text/csv\"]},"
            + "\"ModelMetrics\":{\"ModelQuality\":{\"Statistics\":{\"ContentType\":\"application/json\","
            + "\"S3Uri\":\"s3://aifactory-models/pipelines/churn/evaluation/evaluation.json\"}}}}");
    answer(
        "DescribeTrainingJob",
        "{\"TrainingJobName\":\"pipelines-ok1-train\",\"TrainingJobStatus\":\"Completed\","
            + "\"BillableTimeInSeconds\":720,"
            + "\"ResourceConfig\":{\"InstanceType\":\"ml.m5.xlarge\",\"InstanceCount\":1,"
            + "\"VolumeSizeInGB\":30}}");

    Path csv = TestData.binary(dir, 400, 81);
    s3.putObject(
        b -> b.bucket("aifactory-datasets").key("churn/v3/train.csv"), RequestBody.fromFile(csv));
    modelBytes = trainedModel();
    s3.putObject(
        b ->
            b.bucket("aifactory-models")
                .key("pipelines/churn/models/pipelines-ok1-train/output/model.tar.gz"),
        RequestBody.fromBytes(tarGz("xgboost-model", modelBytes)));
    List<Double> predictions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      predictions.add(i / 200.0);
    }
    s3.putObject(
        b -> b.bucket("aifactory-models").key("pipelines/churn/evaluation/evaluation.json"),
        RequestBody.fromString(
            SageMakerTesting.JSON.writeValueAsString(
                Map.of(
                    "metrics",
                    Map.of("auc", 0.91, "accuracy", 0.85, "logloss", 0.33),
                    "predictions",
                    predictions))));
  }

  @org.junit.jupiter.api.AfterEach
  void stopStub() {
    client.close();
    sagemaker.stop();
  }

  private void answer(String operation, String body) {
    sagemaker.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("SageMaker." + operation))
            .willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody(body)));
  }

  private static byte[] trainedModel() throws Exception {
    DMatrix data = new DMatrix(new float[] {0, 1, 0, 1, 1, 0, 1, 1}, 4, 2, Float.NaN);
    data.setLabel(new float[] {0, 1, 0, 1});
    Booster booster =
        XGBoost.train(
            data, Map.of("objective", "binary:logistic", "seed", 1), 3, Map.of(), null, null);
    byte[] bytes = booster.toByteArray("json");
    booster.dispose();
    data.dispose();
    return bytes;
  }

  /** A one-entry ustar archive, gzipped, the way SageMaker writes model.tar.gz. */
  private static byte[] tarGz(String name, byte[] content) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    byte[] header = new byte[512];
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, "00000000000");
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    tar.write(header);
    tar.write(content);
    tar.write(new byte[(512 - content.length % 512) % 512]);
    tar.write(new byte[1024]);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar.toByteArray());
    }
    return gz.toByteArray();
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static TrainingJob job() {
    return new TrainingJob(
        UUID.randomUUID(),
        "churn",
        "s3://aifactory-datasets/churn/v3/train.csv",
        "churned",
        Objective.BINARY,
        Map.of("num_round", "50"),
        Map.of("x1", "numeric", "x2", "numeric", "color", "categorical", "churned", "categorical"));
  }

  @Test
  void aRegisteredPackageBecomesAVersionWithItsModelMetricsBaselineAndBilledCost() {
    List<String> notes = new ArrayList<>();
    RunProgress progress =
        new RunProgress() {
          @Override
          public boolean round(dev.aifactory.training.run.Iteration iteration) {
            return true;
          }

          @Override
          public void note(String message) {
            notes.add(message);
          }
        };

    TrainedModel model = SageMakerTesting.launcher(client, s3).train(job(), progress);

    assertThat(model.model()).isEqualTo(modelBytes);
    assertThat(model.modelPackageArn()).isEqualTo(PACKAGE);
    assertThat(model.metrics())
        .containsExactlyInAnyOrderEntriesOf(Map.of("auc", 0.91, "accuracy", 0.85, "logloss", 0.33));
    assertThat(model.featureSchema())
        .extracting(f -> f.name() + ":" + f.type())
        .containsExactly("x1:numeric", "x2:numeric", "color:categorical");
    assertThat(model.labelMapping()).containsExactlyInAnyOrderEntriesOf(Map.of("no", 0, "yes", 1));
    assertThat(model.baseline().features()).hasSize(3);
    assertThat(model.baseline().prediction()).isNotNull();
    assertThat(model.params()).containsEntry("num_round", "50");
    // 720 billable seconds of ml.m5.xlarge at 0.23 USD/h
    assertThat(model.costUsd()).isCloseTo(0.046, within(1e-9));
    assertThat(notes).anyMatch(n -> n.startsWith("importing " + PACKAGE));
    assertThat(notes).anyMatch(n -> n.contains("720 s on ml.m5.xlarge"));
  }

  @Test
  void aPackageWhoseModelIsMissingFromS3FailsTheRunNamingTheObject() {
    s3.deleteObject(
        b ->
            b.bucket("aifactory-models")
                .key("pipelines/churn/models/pipelines-ok1-train/output/model.tar.gz"));

    assertThatThrownBy(() -> SageMakerTesting.launcher(client, s3).train(job()))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("could not read the model archive at s3://aifactory-models/")
        .hasMessageContaining("model.tar.gz");
  }

  @Test
  void withoutBillableSecondsTheCostIsLeftToTheEstimate() {
    answer(
        "DescribeTrainingJob",
        "{\"TrainingJobName\":\"pipelines-ok1-train\",\"TrainingJobStatus\":\"Completed\"}");

    TrainedModel model = SageMakerTesting.launcher(client, s3).train(job());

    assertThat(model.costUsd()).isNull();
    assertThat(model.model()).isEqualTo(modelBytes);
  }
}
