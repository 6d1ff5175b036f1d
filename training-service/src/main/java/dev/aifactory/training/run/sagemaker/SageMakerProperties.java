package dev.aifactory.training.run.sagemaker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the SageMaker Pipelines launcher ({@code aifactory.training.launcher=sagemaker}).
 *
 * @param roleArn execution role of the pipeline's jobs (required in aws mode)
 * @param outputUri S3 prefix for model artifacts and evaluation reports, per model group
 * @param evaluationCodeUri S3 prefix holding {@code evaluate.py} (shipped in this module's {@code
 *     sagemaker/} resources)
 * @param pipelinePrefix pipeline name = prefix + model group
 * @param instanceType training and evaluation instance type
 * @param xgboostVersion tag of the built-in XGBoost algorithm image
 * @param pollInterval how often a running execution is described
 * @param minAuc the condition step's threshold for binary models
 * @param maxRmse the condition step's threshold for regression models
 */
@ConfigurationProperties("aifactory.training.sagemaker")
public record SageMakerProperties(
    String roleArn,
    @DefaultValue("s3://aifactory-models/pipelines") String outputUri,
    @DefaultValue("s3://aifactory-models/code") String evaluationCodeUri,
    @DefaultValue("aifactory-") String pipelinePrefix,
    @DefaultValue("ml.m5.large") String instanceType,
    @DefaultValue("1.7-1") String xgboostVersion,
    @DefaultValue("15s") Duration pollInterval,
    @DefaultValue("0.6") double minAuc,
    @DefaultValue("1000000000") double maxRmse) {}
