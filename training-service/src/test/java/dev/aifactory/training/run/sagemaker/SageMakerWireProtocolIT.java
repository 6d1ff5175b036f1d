package dev.aifactory.training.run.sagemaker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.aifactory.training.run.Iteration;
import dev.aifactory.training.run.RunProgress;
import dev.aifactory.training.run.TrainingFailure;
import dev.aifactory.training.run.TrainingInfrastructureFailure;
import dev.aifactory.training.run.TrainingJob;
import dev.aifactory.training.run.TrainingStopped;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The launcher against a stub speaking SageMaker's JSON protocol, for what the emulator lacks
 * ({@code ListPipelineExecutionSteps}) and for scripted executions: throttling, failure with the
 * failed step's reason, success with a registered model package, cancellation.
 */
class SageMakerWireProtocolIT {

  private static final String EXECUTION =
      "arn:aws:sagemaker:us-east-1:123456789012:pipeline/aifactory-churn/execution/abc123";
  private static final String JSON_11 = "application/x-amz-json-1.1";

  private WireMockServer sagemaker;
  private SageMakerClient client;

  @BeforeEach
  void start() {
    sagemaker = new WireMockServer(options().dynamicPort());
    sagemaker.start();
    client = SageMakerTesting.client(URI.create(sagemaker.baseUrl()));
    answer("DescribeModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}");
    answer("ListPipelines", "{\"PipelineSummaries\":[]}");
    answer(
        "CreatePipeline",
        "{\"PipelineArn\":\"arn:aws:sagemaker:us-east-1:123456789012:pipeline/aifactory-churn\"}");
    answer("StartPipelineExecution", "{\"PipelineExecutionArn\":\"" + EXECUTION + "\"}");
    answer("StopPipelineExecution", "{\"PipelineExecutionArn\":\"" + EXECUTION + "\"}");
  }

  @AfterEach
  void stop() {
    client.close();
    sagemaker.stop();
  }

  private static MappingBuilder call(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker." + operation));
  }

  private void answer(String operation, String body) {
    sagemaker.stubFor(
        call(operation)
            .willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody(body)));
  }

  private void describeScript(String... bodies) {
    String state = Scenario.STARTED;
    for (int i = 0; i < bodies.length; i++) {
      String next = i + 1 < bodies.length ? "step-" + (i + 1) : state;
      boolean throttle = bodies[i].equals("THROTTLE");
      sagemaker.stubFor(
          call("DescribePipelineExecution")
              .inScenario("execution")
              .whenScenarioStateIs(state)
              .willReturn(
                  aResponse()
                      .withStatus(throttle ? 400 : 200)
                      .withHeader("Content-Type", JSON_11)
                      .withBody(
                          throttle
                              ? "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"
                              : bodies[i]))
              .willSetStateTo(next));
      state = next;
    }
  }

  private static String status(String status, String reason) {
    return "{\"PipelineExecutionArn\":\""
        + EXECUTION
        + "\",\"PipelineExecutionStatus\":\""
        + status
        + "\""
        + (reason == null ? "" : ",\"FailureReason\":\"" + reason + "\"")
        + "}";
  }

  @Test
  void aThrottledThenFailingExecutionFailsTheRunWithTheFailedStepsReason() {
    describeScript(
        "THROTTLE",
        status("Executing", null),
        status("Failed", "Step failure: One or multiple steps failed."));
    answer(
        "ListPipelineExecutionSteps",
        "{\"PipelineExecutionSteps\":["
            + "{\"StepName\":\"Train\",\"StepStatus\":\"Failed\",\"FailureReason\":\"ClientError:"
            + " Data download failed: AccessDenied on s3://aifactory-datasets/churn/v3\","
            + "\"Metadata\":{\"TrainingJob\":{\"Arn\":\"arn:aws:sagemaker:us-east-1:123456789012:"
            + "training-job/pipelines-abc123-train\"}}}]}");
    TrainingJob job = SageMakerTesting.job("churn");

    assertThatThrownBy(() -> SageMakerTesting.launcher(client).train(job, RunProgress.IGNORED))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining(EXECUTION + " Failed")
        .hasMessageContaining(
            "step 'Train' failed: ClientError: Data download failed: AccessDenied")
        .hasMessageContaining("One or multiple steps failed");

    sagemaker.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("SageMaker.StartPipelineExecution"))
            .withRequestBody(containing("s3://aifactory-datasets/churn/v3/train.csv"))
            .withRequestBody(containing("\"ClientRequestToken\":\"" + job.runId() + "\""))
            .withRequestBody(containing("Hp_max_depth")));
    sagemaker.verify(
        3,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("SageMaker.DescribePipelineExecution")));
  }

  @Test
  void aSucceededExecutionNamesTheRegisteredModelPackage() {
    describeScript(status("Succeeded", null));
    answer(
        "ListPipelineExecutionSteps",
        "{\"PipelineExecutionSteps\":["
            + "{\"StepName\":\"Register-RegisterModel\",\"StepStatus\":\"Succeeded\",\"Metadata\":"
            + "{\"RegisterModel\":{\"Arn\":\"arn:aws:sagemaker:us-east-1:123456789012:"
            + "model-package/churn/4\"}}},"
            + "{\"StepName\":\"Train\",\"StepStatus\":\"Succeeded\",\"Metadata\":{\"TrainingJob\":"
            + "{\"Arn\":\"arn:aws:sagemaker:us-east-1:123456789012:training-job/t-1\"}}}]}");

    SageMakerPipelineLauncher.Outcome outcome =
        SageMakerTesting.launcher(client).run(SageMakerTesting.job("churn"), RunProgress.IGNORED);

    assertThat(outcome.modelPackageArn()).endsWith("model-package/churn/4");
    assertThat(outcome.trainingJobArn()).endsWith("training-job/t-1");
  }

  @Test
  void aMulticlassRunIsRefusedBeforeAnyPipelineIsTouched() {
    TrainingJob base = SageMakerTesting.job("churn");
    TrainingJob multiclass =
        new TrainingJob(
            base.runId(),
            base.modelGroup(),
            base.datasetLocation(),
            "segment",
            dev.aifactory.training.run.Objective.MULTICLASS,
            base.hyperparameters(),
            null);

    assertThatThrownBy(
            () -> SageMakerTesting.launcher(client).train(multiclass, RunProgress.IGNORED))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("binary and regression");
    sagemaker.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aModelThatMissesTheConditionIsReportedAsNotRegistered() {
    describeScript(status("Succeeded", null));
    answer(
        "ListPipelineExecutionSteps",
        "{\"PipelineExecutionSteps\":[{\"StepName\":\"CheckQuality\",\"StepStatus\":"
            + "\"Succeeded\",\"Metadata\":{\"Condition\":{\"Outcome\":\"False\"}}}]}");

    assertThatThrownBy(
            () ->
                SageMakerTesting.launcher(client)
                    .train(SageMakerTesting.job("churn"), RunProgress.IGNORED))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("did not pass the condition step");
  }

  @Test
  void aCancelledRunStopsItsExecution() {
    describeScript(status("Executing", null));
    RunProgress cancelled =
        new RunProgress() {
          @Override
          public boolean round(Iteration iteration) {
            return true;
          }

          @Override
          public boolean shouldContinue() {
            return false;
          }
        };

    assertThatThrownBy(
            () -> SageMakerTesting.launcher(client).train(SageMakerTesting.job("churn"), cancelled))
        .isInstanceOf(TrainingStopped.class);
    sagemaker.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("SageMaker.StopPipelineExecution"))
            .withRequestBody(containing(EXECUTION)));
  }

  @Test
  void aSageMakerOutageIsAnInfrastructureFailureWorthRetrying() {
    sagemaker.stubFor(
        call("StartPipelineExecution")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", JSON_11)
                    .withBody("{\"__type\":\"ServiceUnavailable\",\"message\":\"try later\"}")));

    assertThatThrownBy(
            () ->
                SageMakerTesting.launcher(client)
                    .train(SageMakerTesting.job("churn"), RunProgress.IGNORED))
        .isInstanceOf(TrainingInfrastructureFailure.class)
        .hasMessageContaining("try later");
  }

  @Test
  void aRefusedDefinitionIsATrainingFailureNotRetried() {
    sagemaker.stubFor(
        call("StartPipelineExecution")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", JSON_11)
                    .withBody(
                        "{\"__type\":\"ValidationException\",\"message\":\"Parameter"
                            + " Hp_max_depth is not defined\"}")));

    assertThatThrownBy(
            () ->
                SageMakerTesting.launcher(client)
                    .train(SageMakerTesting.job("churn"), RunProgress.IGNORED))
        .isInstanceOf(TrainingFailure.class)
        .isNotInstanceOf(TrainingInfrastructureFailure.class)
        .hasMessageContaining("Hp_max_depth is not defined");
  }
}
