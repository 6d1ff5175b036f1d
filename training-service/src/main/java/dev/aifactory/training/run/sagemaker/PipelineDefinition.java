package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.run.Objective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SageMaker pipeline of one model group, in the pipeline definition JSON format (version
 * 2020-12-01): train with the built-in XGBoost algorithm, evaluate the model in a processing step
 * that writes {@code evaluation.json}, and, if the condition on its metric holds, register the
 * model into the model package group (pending manual approval: policy decides).
 *
 * <p>Everything that changes per run (data, hyperparameters, instance type, threshold) is a
 * pipeline parameter, so the definition only changes when the set of hyperparameter names does.
 */
record PipelineDefinition(
    String modelGroup,
    Objective objective,
    List<String> hyperparameters,
    String imageUri,
    String roleArn,
    String outputUri,
    String evaluationCodeUri) {

  static final String TRAIN_DATA = "TrainDataUrl";
  static final String VALIDATION_DATA = "ValidationDataUrl";
  static final String INSTANCE_TYPE = "InstanceType";
  static final String RUN_ID = "RunId";
  static final String THRESHOLD = "MetricThreshold";
  static final String HYPERPARAMETER_PREFIX = "Hp_";

  /** The metric the condition step checks, as written by {@code evaluate.py}. */
  String conditionMetric() {
    return objective == Objective.BINARY ? "auc" : "rmse";
  }

  /** Pipeline parameter name of a hyperparameter. */
  static String parameter(String hyperparameter) {
    return HYPERPARAMETER_PREFIX + hyperparameter;
  }

  String toJson(JsonMapper json) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("Version", "2020-12-01");
    root.put("Metadata", Map.of());
    root.put("Parameters", parameters());
    root.put("Steps", List.of(trainStep(), evaluateStep(), conditionStep()));
    return json.writeValueAsString(root);
  }

  private List<Map<String, Object>> parameters() {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(param(TRAIN_DATA, "String", null));
    out.add(param(VALIDATION_DATA, "String", null));
    out.add(param(INSTANCE_TYPE, "String", "ml.m5.large"));
    out.add(param(RUN_ID, "String", ""));
    out.add(param(THRESHOLD, "Float", objective == Objective.BINARY ? 0.6 : 1e9));
    for (String h : hyperparameters) {
      out.add(param(parameter(h), "String", null));
    }
    return out;
  }

  private static Map<String, Object> param(String name, String type, Object defaultValue) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("Name", name);
    p.put("Type", type);
    if (defaultValue != null) {
      p.put("DefaultValue", defaultValue);
    }
    return p;
  }

  private static Map<String, Object> get(String path) {
    return Map.of("Get", path);
  }

  private Map<String, Object> trainStep() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("objective", objective.xgboostObjective());
    hp.put("eval_metric", objective.evalMetric());
    for (String h : hyperparameters) {
      hp.put(h, get("Parameters." + parameter(h)));
    }
    Map<String, Object> args = new LinkedHashMap<>();
    args.put(
        "AlgorithmSpecification", Map.of("TrainingImage", imageUri, "TrainingInputMode", "File"));
    args.put("OutputDataConfig", Map.of("S3OutputPath", outputUri + "/" + modelGroup + "/models"));
    args.put("StoppingCondition", Map.of("MaxRuntimeInSeconds", 86400));
    args.put(
        "ResourceConfig",
        Map.of(
            "InstanceCount", 1,
            "InstanceType", get("Parameters." + INSTANCE_TYPE),
            "VolumeSizeInGB", 30));
    args.put("RoleArn", roleArn);
    args.put(
        "InputDataConfig",
        List.of(channel("train", TRAIN_DATA), channel("validation", VALIDATION_DATA)));
    args.put("HyperParameters", hp);
    return step("Train", "Training", args);
  }

  private static Map<String, Object> channel(String name, String parameter) {
    return Map.of(
        "ChannelName",
        name,
        "ContentType",
        "text/csv",
        "DataSource",
        Map.of(
            "S3DataSource",
            Map.of(
                "S3DataType", "S3Prefix",
                "S3Uri", get("Parameters." + parameter),
                "S3DataDistributionType", "FullyReplicated")));
  }

  private Map<String, Object> evaluateStep() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put(
        "ProcessingResources",
        Map.of(
            "ClusterConfig",
            Map.of(
                "InstanceCount", 1,
                "InstanceType", get("Parameters." + INSTANCE_TYPE),
                "VolumeSizeInGB", 30)));
    args.put(
        "AppSpecification",
        Map.of(
            "ImageUri",
            imageUri,
            "ContainerEntrypoint",
            List.of(
                "python3",
                "/opt/ml/processing/code/evaluate.py",
                "--objective",
                objective.wire())));
    args.put("RoleArn", roleArn);
    args.put(
        "ProcessingInputs",
        List.of(
            input("model", get("Steps.Train.ModelArtifacts.S3ModelArtifacts"), "model"),
            input("validation", get("Parameters." + VALIDATION_DATA), "validation"),
            input("code", evaluationCodeUri, "code")));
    args.put(
        "ProcessingOutputConfig",
        Map.of(
            "Outputs",
            List.of(
                Map.of(
                    "OutputName",
                    "evaluation",
                    "S3Output",
                    Map.of(
                        "S3Uri", outputUri + "/" + modelGroup + "/evaluation",
                        "LocalPath", "/opt/ml/processing/evaluation",
                        "S3UploadMode", "EndOfJob")))));
    Map<String, Object> step = step("Evaluate", "Processing", args);
    step.put(
        "PropertyFiles",
        List.of(
            Map.of(
                "PropertyFileName", "EvaluationReport",
                "OutputName", "evaluation",
                "FilePath", "evaluation.json")));
    return step;
  }

  private static Map<String, Object> input(String name, Object uri, String dir) {
    return Map.of(
        "InputName",
        name,
        "S3Input",
        Map.of(
            "S3Uri",
            uri,
            "LocalPath",
            "/opt/ml/processing/" + dir,
            "S3DataType",
            "S3Prefix",
            "S3InputMode",
            "File"));
  }

  private Map<String, Object> conditionStep() {
    Map<String, Object> metric =
        Map.of(
            "Std:JsonGet",
            Map.of(
                "PropertyFile",
                get("Steps.Evaluate.PropertyFiles.EvaluationReport"),
                "Path",
                "metrics." + conditionMetric()));
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put(
        "Type", objective == Objective.BINARY ? "GreaterThanOrEqualTo" : "LessThanOrEqualTo");
    condition.put("LeftValue", metric);
    condition.put("RightValue", get("Parameters." + THRESHOLD));
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("Conditions", List.of(condition));
    args.put("IfSteps", List.of(registerStep()));
    args.put("ElseSteps", List.of());
    return step("CheckQuality", "Condition", args);
  }

  private Map<String, Object> registerStep() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("ModelPackageGroupName", modelGroup);
    args.put("ModelApprovalStatus", "PendingManualApproval");
    args.put(
        "InferenceSpecification",
        Map.of(
            "Containers",
            List.of(
                Map.of(
                    "Image",
                    imageUri,
                    "ModelDataUrl",
                    get("Steps.Train.ModelArtifacts.S3ModelArtifacts"))),
            "SupportedContentTypes",
            List.of("text/csv"),
            "SupportedResponseMIMETypes",
            List.of("text/csv")));
    args.put(
        "ModelMetrics",
        Map.of(
            "ModelQuality",
            Map.of(
                "Statistics",
                Map.of(
                    "ContentType",
                    "application/json",
                    "S3Uri",
                    outputUri + "/" + modelGroup + "/evaluation/evaluation.json"))));
    return step("Register", "RegisterModel", args);
  }

  private static Map<String, Object> step(String name, String type, Map<String, Object> args) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("Name", name);
    step.put("Type", type);
    step.put("Arguments", args);
    return step;
  }
}
