package dev.aifactory.training.run.sagemaker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.Parameter;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;

/** The SageMaker Pipelines calls the launcher makes, on the real SDK client. */
class SageMakerPipelines {

  private final SageMakerClient sagemaker;

  SageMakerPipelines(SageMakerClient sagemaker) {
    this.sagemaker = sagemaker;
  }

  /** Creates the pipeline, or updates its definition when it exists; returns its ARN. */
  String upsert(String name, String definition, String roleArn, String description) {
    boolean exists =
        sagemaker.listPipelines(b -> b.pipelineNamePrefix(name)).pipelineSummaries().stream()
            .anyMatch(p -> name.equals(p.pipelineName()));
    if (exists) {
      return sagemaker
          .updatePipeline(
              b ->
                  b.pipelineName(name)
                      .pipelineDefinition(definition)
                      .roleArn(roleArn)
                      .pipelineDescription(description))
          .pipelineArn();
    }
    return sagemaker
        .createPipeline(
            b ->
                b.pipelineName(name)
                    .pipelineDefinition(definition)
                    .roleArn(roleArn)
                    .pipelineDescription(description))
        .pipelineArn();
  }

  /** The definition SageMaker stores for the pipeline. */
  String definition(String name) {
    return sagemaker.describePipeline(b -> b.pipelineName(name)).pipelineDefinition();
  }

  /**
   * Starts an execution. {@code token} (32+ characters) makes it idempotent: a run re-executed
   * after a crash re-attaches to its execution instead of starting a second one.
   */
  String start(String name, Map<String, String> parameters, String token, String displayName) {
    List<Parameter> params =
        parameters.entrySet().stream()
            .map(e -> Parameter.builder().name(e.getKey()).value(e.getValue()).build())
            .toList();
    return sagemaker
        .startPipelineExecution(
            b ->
                b.pipelineName(name)
                    .pipelineParameters(params)
                    .clientRequestToken(token)
                    .pipelineExecutionDisplayName(displayName))
        .pipelineExecutionArn();
  }

  DescribePipelineExecutionResponse describe(String executionArn) {
    return sagemaker.describePipelineExecution(b -> b.pipelineExecutionArn(executionArn));
  }

  DescribeTrainingJobResponse trainingJob(String name) {
    return sagemaker.describeTrainingJob(b -> b.trainingJobName(name));
  }

  List<PipelineExecutionStep> steps(String executionArn) {
    List<PipelineExecutionStep> out = new ArrayList<>();
    sagemaker
        .listPipelineExecutionStepsPaginator(b -> b.pipelineExecutionArn(executionArn))
        .pipelineExecutionSteps()
        .forEach(out::add);
    return out;
  }

  void stop(String executionArn, String token) {
    sagemaker.stopPipelineExecution(
        b -> b.pipelineExecutionArn(executionArn).clientRequestToken(token));
  }
}
