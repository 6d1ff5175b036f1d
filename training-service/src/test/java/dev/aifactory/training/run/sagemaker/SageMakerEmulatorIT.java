package dev.aifactory.training.run.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.training.run.RunProgress;
import dev.aifactory.training.run.TrainingJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.Parameter;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import tools.jackson.databind.JsonNode;

/**
 * The SageMaker adapter's calls with the real AWS SDK client against the local AWS emulator (moto
 * server, started here): pipeline create/update with the generated definition read back, executions
 * started and described, the model package group and approval mirror. Skips where {@code
 * moto_server} is not installed.
 */
class SageMakerEmulatorIT {

  static MotoServer moto;
  static SageMakerClient client;

  @BeforeAll
  static void startEmulator() throws Exception {
    moto = MotoServer.start();
    client = SageMakerTesting.client(moto.endpoint());
  }

  @AfterAll
  static void stopEmulator() {
    if (client != null) {
      client.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  private static String definition(List<String> hyperparameters) {
    return new PipelineDefinition(
            "churn",
            dev.aifactory.training.run.Objective.BINARY,
            hyperparameters,
            XgboostImages.uri("us-east-1", "1.7-1"),
            SageMakerTesting.ROLE,
            "s3://out",
            "s3://code")
        .toJson(SageMakerTesting.JSON);
  }

  @Test
  void createsThePipelineThenUpdatesItAndStoresTheGeneratedDefinition() {
    SageMakerPipelines pipelines = new SageMakerPipelines(client);
    String name = "aifactory-churn-" + UUID.randomUUID().toString().substring(0, 8);

    String arn =
        pipelines.upsert(name, definition(List.of("max_depth")), SageMakerTesting.ROLE, "t");
    JsonNode stored = SageMakerTesting.JSON.readTree(pipelines.definition(name));

    assertThat(arn).endsWith("pipeline/" + name);
    assertThat(
            stored
                .path("Steps")
                .get(0)
                .path("Arguments")
                .path("AlgorithmSpecification")
                .path("TrainingImage")
                .asString())
        .isEqualTo("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1");
    assertThat(
            stored
                .path("Steps")
                .get(2)
                .path("Arguments")
                .path("IfSteps")
                .get(0)
                .path("Arguments")
                .path("ModelPackageGroupName")
                .asString())
        .isEqualTo("churn");

    assertThat(
            pipelines.upsert(
                name, definition(List.of("max_depth", "subsample")), SageMakerTesting.ROLE, "t"))
        .isEqualTo(arn);
    assertThat(pipelines.definition(name)).contains("Hp_subsample");
    assertThat(client.listPipelines(b -> b.pipelineNamePrefix(name)).pipelineSummaries())
        .hasSize(1);
  }

  @Test
  void startsAnExecutionWithTheRunsParametersAndDescribesIt() {
    SageMakerPipelines pipelines = new SageMakerPipelines(client);
    String name = "aifactory-exec-" + UUID.randomUUID().toString().substring(0, 8);
    pipelines.upsert(name, definition(List.of("max_depth")), SageMakerTesting.ROLE, "t");
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put(PipelineDefinition.TRAIN_DATA, "s3://aifactory-datasets/churn/v3/train.csv");
    parameters.put(PipelineDefinition.parameter("max_depth"), "3");

    String execution = pipelines.start(name, parameters, UUID.randomUUID().toString(), "run-test");

    assertThat(pipelines.describe(execution).pipelineExecutionStatus())
        .isIn(PipelineExecutionStatus.EXECUTING, PipelineExecutionStatus.SUCCEEDED);
    assertThat(
            client
                .listPipelineParametersForExecution(b -> b.pipelineExecutionArn(execution))
                .pipelineParameters())
        .extracting(Parameter::name, Parameter::value)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "TrainDataUrl", "s3://aifactory-datasets/churn/v3/train.csv"),
            org.assertj.core.groups.Tuple.tuple("Hp_max_depth", "3"));
  }

  @Test
  void theLauncherFollowsAnExecutionToItsEnd() {
    TrainingJob job = SageMakerTesting.job("churn-" + UUID.randomUUID().toString().substring(0, 8));

    SageMakerPipelineLauncher.Outcome outcome =
        SageMakerTesting.launcher(client).run(job, RunProgress.IGNORED);

    assertThat(outcome.status()).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
    assertThat(outcome.executionArn()).contains("pipeline/aifactory-" + job.modelGroup());
    assertThat(
            client
                .describeModelPackageGroup(b -> b.modelPackageGroupName(job.modelGroup()))
                .modelPackageGroupName())
        .isEqualTo(job.modelGroup());
  }

  @Test
  void createsTheModelPackageGroupOnceAndMirrorsTheApproval() {
    SageMakerModelPackages packages = new SageMakerModelPackages(client);
    String group = "mirror-" + UUID.randomUUID().toString().substring(0, 8);

    packages.ensureGroup(group, "aifactory model group");
    packages.ensureGroup(group, "aifactory model group");

    assertThat(
            client
                .describeModelPackageGroup(b -> b.modelPackageGroupName(group))
                .modelPackageGroupName())
        .isEqualTo(group);
    String modelPackage =
        client
            .createModelPackage(
                b ->
                    b.modelPackageGroupName(group)
                        .modelApprovalStatus(ModelApprovalStatus.PENDING_MANUAL_APPROVAL)
                        .inferenceSpecification(
                            s ->
                                s.containers(
                                        c ->
                                            c.image(XgboostImages.uri("us-east-1", "1.7-1"))
                                                .modelDataUrl("s3://out/churn/model.tar.gz"))
                                    .supportedContentTypes("text/csv")
                                    .supportedResponseMIMETypes("text/csv")))
            .modelPackageArn();

    packages.decide(modelPackage, true, "policy decision d-1");

    assertThat(
            client
                .describeModelPackage(b -> b.modelPackageName(modelPackage))
                .modelApprovalStatus())
        .isEqualTo(ModelApprovalStatus.APPROVED);
  }
}
