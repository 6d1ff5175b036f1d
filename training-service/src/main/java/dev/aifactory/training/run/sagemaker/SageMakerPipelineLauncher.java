package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.run.Hyperparameters;
import dev.aifactory.training.run.RunProgress;
import dev.aifactory.training.run.TrainedModel;
import dev.aifactory.training.run.TrainingFailure;
import dev.aifactory.training.run.TrainingInfrastructureFailure;
import dev.aifactory.training.run.TrainingJob;
import dev.aifactory.training.run.TrainingLauncher;
import dev.aifactory.training.run.TrainingStopped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;
import software.amazon.awssdk.services.sagemaker.model.StepStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains through SageMaker Pipelines: makes sure the model package group and the group's pipeline
 * exist (create or update), starts an execution with the run's parameters and follows it with
 * {@code DescribePipelineExecution} until it ends, then reads the steps ({@code
 * ListPipelineExecutionSteps}) for the failure reason or the registered model package.
 */
class SageMakerPipelineLauncher implements TrainingLauncher {

  private static final Logger log = LoggerFactory.getLogger(SageMakerPipelineLauncher.class);

  /** Describe calls that may fail in a row (after the SDK's own retries) before the run fails. */
  static final int MAX_CONSECUTIVE_ERRORS = 5;

  private final SageMakerPipelines pipelines;
  private final SageMakerModelPackages packages;
  private final SageMakerProperties properties;
  private final String region;
  private final JsonMapper json;

  SageMakerPipelineLauncher(
      SageMakerPipelines pipelines,
      SageMakerModelPackages packages,
      SageMakerProperties properties,
      String region,
      JsonMapper json) {
    this.pipelines = pipelines;
    this.packages = packages;
    this.properties = properties;
    this.region = region;
    this.json = json;
  }

  /** What an execution ended with. */
  record Outcome(
      String executionArn,
      PipelineExecutionStatus status,
      String modelPackageArn,
      String trainingJobArn,
      List<PipelineExecutionStep> steps) {}

  @Override
  public TrainedModel train(TrainingJob job, RunProgress progress) {
    Outcome outcome = run(job, progress);
    if (outcome.modelPackageArn() == null) {
      throw new TrainingFailure(
          "SageMaker pipeline execution "
              + outcome.executionArn()
              + " succeeded but registered no model package: the evaluation did not pass the"
              + " condition step");
    }
    // The artifact is a model.tar.gz in S3 and the metrics an evaluation.json; copying them into
    // the registry (with the drift baseline) is the remaining part of this launcher.
    throw new TrainingFailure(
        "SageMaker pipeline execution "
            + outcome.executionArn()
            + " registered "
            + outcome.modelPackageArn()
            + ", but importing SageMaker artifacts into the factory's registry is not supported"
            + " yet");
  }

  /** Starts the pipeline for {@code job} and follows it to its end. */
  Outcome run(TrainingJob job, RunProgress progress) {
    if (properties.roleArn() == null || properties.roleArn().isBlank()) {
      throw new TrainingFailure(
          "aifactory.training.sagemaker.role-arn is not set: SageMaker needs an execution role");
    }
    if (job.datasetLocation() == null || !job.datasetLocation().startsWith("s3://")) {
      throw new TrainingFailure(
          "SageMaker trains on S3 data, but the dataset is at "
              + job.datasetLocation()
              + "; store datasets in S3 (ingestion's aws mode)");
    }
    Map<String, String> hyperparameters = Hyperparameters.effective(job.hyperparameters());
    PipelineDefinition definition =
        new PipelineDefinition(
            job.modelGroup(),
            job.objective(),
            List.copyOf(hyperparameters.keySet()),
            XgboostImages.uri(region, properties.xgboostVersion()),
            properties.roleArn(),
            properties.outputUri(),
            properties.evaluationCodeUri());
    String name = properties.pipelinePrefix() + job.modelGroup();
    String executionArn;
    try {
      packages.ensureGroup(job.modelGroup(), "aifactory model group " + job.modelGroup());
      pipelines.upsert(
          name,
          definition.toJson(json),
          properties.roleArn(),
          "aifactory training pipeline of " + job.modelGroup());
      executionArn =
          pipelines.start(
              name,
              parameters(job, hyperparameters, definition),
              job.runId().toString(),
              "run-" + job.runId());
    } catch (AwsServiceException e) {
      String message = "SageMaker refused to start the pipeline " + name + ": " + e.getMessage();
      // 4xx (validation, access) will fail again; 5xx and throttling may not.
      if (e.statusCode() >= 500 || e.isThrottlingException()) {
        throw new TrainingInfrastructureFailure(message, e);
      }
      throw new TrainingFailure(message, e);
    } catch (SdkException e) {
      throw new TrainingInfrastructureFailure(
          "could not reach SageMaker to start the pipeline " + name + ": " + e.getMessage(), e);
    }
    log.info("Run {} follows SageMaker pipeline execution {}", job.runId(), executionArn);
    return follow(executionArn, job, progress);
  }

  private Map<String, String> parameters(
      TrainingJob job, Map<String, String> hyperparameters, PipelineDefinition definition) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(PipelineDefinition.TRAIN_DATA, job.datasetLocation());
    // Until a split step exists the evaluation reads the same data the model was trained on.
    p.put(PipelineDefinition.VALIDATION_DATA, job.datasetLocation());
    p.put(PipelineDefinition.INSTANCE_TYPE, properties.instanceType());
    p.put(PipelineDefinition.RUN_ID, job.runId().toString());
    p.put(
        PipelineDefinition.THRESHOLD,
        String.valueOf(
            definition.conditionMetric().equals("auc")
                ? properties.minAuc()
                : properties.maxRmse()));
    hyperparameters.forEach((k, v) -> p.put(PipelineDefinition.parameter(k), v));
    return p;
  }

  private Outcome follow(String executionArn, TrainingJob job, RunProgress progress) {
    int errors = 0;
    while (true) {
      DescribePipelineExecutionResponse execution;
      try {
        execution = pipelines.describe(executionArn);
        errors = 0;
      } catch (SdkException e) {
        if (++errors >= MAX_CONSECUTIVE_ERRORS) {
          throw new TrainingInfrastructureFailure(
              "lost track of SageMaker pipeline execution "
                  + executionArn
                  + " after "
                  + errors
                  + " failed DescribePipelineExecution calls: "
                  + e.getMessage(),
              e);
        }
        log.warn("Describing {} failed ({}), will retry", executionArn, e.getMessage());
        execution = null;
      }
      if (execution != null) {
        PipelineExecutionStatus status = execution.pipelineExecutionStatus();
        if (status == PipelineExecutionStatus.SUCCEEDED) {
          return succeeded(executionArn);
        }
        if (status == PipelineExecutionStatus.FAILED || status == PipelineExecutionStatus.STOPPED) {
          throw new TrainingFailure(failure(executionArn, execution));
        }
      }
      if (!progress.shouldContinue()) {
        try {
          pipelines.stop(executionArn, job.runId().toString());
        } catch (SdkException e) {
          log.warn("Could not stop {}: {}", executionArn, e.getMessage());
        }
        throw new TrainingStopped("SageMaker pipeline execution " + executionArn + " stopped");
      }
      pause(properties.pollInterval());
    }
  }

  private Outcome succeeded(String executionArn) {
    List<PipelineExecutionStep> steps = stepsOrEmpty(executionArn);
    String modelPackage = null;
    String trainingJob = null;
    for (PipelineExecutionStep step : steps) {
      if (step.metadata() == null) {
        continue;
      }
      if (step.metadata().registerModel() != null) {
        modelPackage = step.metadata().registerModel().arn();
      }
      if (step.metadata().trainingJob() != null) {
        trainingJob = step.metadata().trainingJob().arn();
      }
    }
    return new Outcome(
        executionArn, PipelineExecutionStatus.SUCCEEDED, modelPackage, trainingJob, steps);
  }

  /** The failed steps' reasons, which say far more than the execution's own. */
  private String failure(String executionArn, DescribePipelineExecutionResponse execution) {
    String failedSteps =
        stepsOrEmpty(executionArn).stream()
            .filter(s -> s.stepStatus() == StepStatus.FAILED)
            .map(
                s ->
                    "step '"
                        + s.stepName()
                        + "' failed: "
                        + (s.failureReason() == null ? "no reason given" : s.failureReason()))
            .collect(Collectors.joining("; "));
    String reason = execution.failureReason();
    return "SageMaker pipeline execution "
        + executionArn
        + " "
        + execution.pipelineExecutionStatusAsString()
        + (failedSteps.isEmpty() ? "" : ": " + failedSteps)
        + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
  }

  private List<PipelineExecutionStep> stepsOrEmpty(String executionArn) {
    try {
      return pipelines.steps(executionArn);
    } catch (SdkException e) {
      log.warn("Could not list the steps of {}: {}", executionArn, e.getMessage());
      return List.of();
    }
  }

  private static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrainingStopped("interrupted while following SageMaker");
    }
  }
}
