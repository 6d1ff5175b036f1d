package dev.aifactory.training.run.sagemaker;

import java.time.Duration;
import java.util.Map;
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
 * @param pricesUsdPerHour on-demand training price per instance type, for the actual cost from the
 *     billable seconds SageMaker reports (the defaults hold us-east-1's list prices of common
 *     types; a type without a price leaves the cost at the estimate)
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
    @DefaultValue("1000000000") double maxRmse,
    Map<String, Double> pricesUsdPerHour) {

  /** On-demand list prices (us-east-1, training) used when none are configured. */
  static final Map<String, Double> DEFAULT_PRICES =
      Map.of(
          "ml.m5.large", 0.115,
          "ml.m5.xlarge", 0.23,
          "ml.m5.2xlarge", 0.461,
          "ml.m5.4xlarge", 0.922,
          "ml.c5.xlarge", 0.204,
          "ml.c5.2xlarge", 0.408);

  /** USD per instance-hour of {@code instanceType}, if known. */
  java.util.Optional<Double> pricePerHour(String instanceType) {
    if (pricesUsdPerHour != null && pricesUsdPerHour.containsKey(instanceType)) {
      return java.util.Optional.of(pricesUsdPerHour.get(instanceType));
    }
    return java.util.Optional.ofNullable(DEFAULT_PRICES.get(instanceType));
  }
}
