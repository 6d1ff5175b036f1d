package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.registry.Diagnostics;
import dev.aifactory.training.run.Hyperparameters;
import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.RunProgress;
import dev.aifactory.training.run.TrainedModel;
import dev.aifactory.training.run.TrainingFailure;
import dev.aifactory.training.run.TrainingInfrastructureFailure;
import dev.aifactory.training.run.TrainingJob;
import dev.aifactory.training.run.TrainingLauncher;
import dev.aifactory.training.run.TrainingStopped;
import dev.aifactory.training.run.local.DatasetDescription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;
import software.amazon.awssdk.services.sagemaker.model.StepStatus;
import tools.jackson.databind.JsonNode;
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
  private final S3Objects s3;
  private final SageMakerProperties properties;
  private final String region;
  private final JsonMapper json;

  SageMakerPipelineLauncher(
      SageMakerPipelines pipelines,
      SageMakerModelPackages packages,
      S3Objects s3,
      SageMakerProperties properties,
      String region,
      JsonMapper json) {
    this.pipelines = pipelines;
    this.packages = packages;
    this.s3 = s3;
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
    return importResult(job, outcome, progress);
  }

  /**
   * Brings a registered model package into the factory's registry: the model from its model.tar.gz,
   * the metrics from the evaluation report, the schema and drift baseline from the training data,
   * the cost from the training job's billable seconds.
   */
  TrainedModel importResult(TrainingJob job, Outcome outcome, RunProgress progress) {
    String packageArn = outcome.modelPackageArn();
    DescribeModelPackageResponse modelPackage;
    try {
      modelPackage = packages.describe(packageArn);
    } catch (SdkException e) {
      throw new TrainingInfrastructureFailure(
          "could not describe model package " + packageArn + ": " + e.getMessage(), e);
    }
    String modelUri = modelDataUrl(modelPackage);
    String reportUri = evaluationReportUri(modelPackage, job);
    progress.note("importing " + packageArn + ": model " + modelUri + ", report " + reportUri);
    byte[] model =
        ModelTarball.entry(s3.read(modelUri, "the model archive"), ModelTarball.XGBOOST_MODEL);
    JsonNode report = json.readTree(s3.read(reportUri, "the evaluation report"));
    Map<String, Double> metrics = new LinkedHashMap<>();
    report
        .path("metrics")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber()) {
                metrics.put(e.getKey(), e.getValue().asDouble());
              }
            });
    if (metrics.isEmpty()) {
      throw new TrainingFailure("the evaluation report at " + reportUri + " holds no metrics");
    }
    List<Float> sample = new ArrayList<>();
    report.path("predictions").forEach(p -> sample.add((float) p.asDouble()));
    float[] predictions = new float[sample.size()];
    for (int i = 0; i < predictions.length; i++) {
      predictions[i] = sample.get(i);
    }
    Map<String, String> params = Hyperparameters.effective(job.hyperparameters());
    DatasetDescription.Described described =
        DatasetDescription.describe(
            new String(s3.read(job.datasetLocation(), "the training data"), StandardCharsets.UTF_8),
            job.target(),
            job.objective(),
            job.columnTypes(),
            predictions,
            Long.parseLong(params.get(Hyperparameters.SEED)));
    Billing billing = billing(outcome.trainingJobArn());
    if (billing.costUsd() != null) {
      progress.note(
          "SageMaker billed "
              + billing.billableSeconds()
              + " s on "
              + billing.instanceType()
              + ": "
              + String.format(java.util.Locale.ROOT, "%.4f", billing.costUsd())
              + " USD");
    }
    return new TrainedModel(
        model,
        metrics,
        described.featureSchema(),
        described.baseline(),
        params,
        described.labelMapping(),
        billing.billableSeconds() == null ? 0 : billing.billableSeconds(),
        Diagnostics.NONE,
        packageArn,
        billing.costUsd());
  }

  /** Billable seconds of the pipeline's training job and what they cost, where known. */
  record Billing(Long billableSeconds, String instanceType, Double costUsd) {}

  private Billing billing(String trainingJobArn) {
    if (trainingJobArn == null) {
      return new Billing(null, null, null);
    }
    String name = trainingJobArn.substring(trainingJobArn.lastIndexOf('/') + 1);
    try {
      DescribeTrainingJobResponse trainingJob = pipelines.trainingJob(name);
      Integer billable = trainingJob.billableTimeInSeconds();
      if (billable == null || trainingJob.resourceConfig() == null) {
        return new Billing(null, null, null);
      }
      String type = trainingJob.resourceConfig().instanceTypeAsString();
      int count =
          trainingJob.resourceConfig().instanceCount() == null
              ? 1
              : trainingJob.resourceConfig().instanceCount();
      // Billable seconds already cover every instance of the job (and discount managed spot).
      Double cost =
          properties.pricePerHour(type).map(price -> billable / 3600.0 * price).orElse(null);
      log.info("Training job {}: {} billable s on {} x {}", name, billable, count, type);
      return new Billing(billable.longValue(), type, cost);
    } catch (SdkException e) {
      // The model is good; only the cost is unknown, so the estimate stands.
      log.warn("Could not read the billing of training job {}: {}", name, e.getMessage());
      return new Billing(null, null, null);
    }
  }

  private static String modelDataUrl(DescribeModelPackageResponse p) {
    if (p.inferenceSpecification() == null
        || p.inferenceSpecification().containers().isEmpty()
        || p.inferenceSpecification().containers().get(0).modelDataUrl() == null) {
      throw new TrainingFailure(
          "model package " + p.modelPackageArn() + " names no model data (ModelDataUrl)");
    }
    return p.inferenceSpecification().containers().get(0).modelDataUrl();
  }

  /** The report the pipeline attached as model quality statistics, else where it writes it. */
  private String evaluationReportUri(DescribeModelPackageResponse p, TrainingJob job) {
    if (p.modelMetrics() != null
        && p.modelMetrics().modelQuality() != null
        && p.modelMetrics().modelQuality().statistics() != null
        && p.modelMetrics().modelQuality().statistics().s3Uri() != null) {
      return p.modelMetrics().modelQuality().statistics().s3Uri();
    }
    return properties.outputUri() + "/" + job.modelGroup() + "/evaluation/evaluation.json";
  }

  /** Starts the pipeline for {@code job} and follows it to its end. */
  Outcome run(TrainingJob job, RunProgress progress) {
    if (properties.roleArn() == null || properties.roleArn().isBlank()) {
      throw new TrainingFailure(
          "aifactory.training.sagemaker.role-arn is not set: SageMaker needs an execution role");
    }
    if (job.objective() == Objective.MULTICLASS) {
      // The pipeline's condition step and evaluate.py know auc (binary) and rmse (regression).
      throw new TrainingFailure(
          "the SageMaker pipeline trains binary and regression models; train multiclass models"
              + " with the local launcher");
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
