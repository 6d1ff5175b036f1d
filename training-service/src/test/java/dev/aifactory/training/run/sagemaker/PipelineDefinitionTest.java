package dev.aifactory.training.run.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.TrainingFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipelineDefinitionTest {

  private JsonNode definition(Objective objective) {
    return SageMakerTesting.JSON.readTree(
        new PipelineDefinition(
                "churn",
                objective,
                List.of("eta", "max_depth"),
                XgboostImages.uri("eu-west-1", "1.7-1"),
                SageMakerTesting.ROLE,
                "s3://out",
                "s3://code")
            .toJson(SageMakerTesting.JSON));
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asString()));
    return out;
  }

  @Test
  void trainsEvaluatesChecksAndRegistersIntoTheModelPackageGroup() {
    JsonNode d = definition(Objective.BINARY);

    assertThat(d.path("Version").asString()).isEqualTo("2020-12-01");
    assertThat(names(d.path("Steps"), "Type"))
        .containsExactly("Training", "Processing", "Condition");
    JsonNode train = d.path("Steps").get(0).path("Arguments");
    assertThat(train.path("AlgorithmSpecification").path("TrainingImage").asString())
        .isEqualTo("141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1");
    assertThat(train.path("HyperParameters").path("objective").asString())
        .isEqualTo("binary:logistic");
    assertThat(train.path("HyperParameters").path("max_depth").path("Get").asString())
        .isEqualTo("Parameters.Hp_max_depth");
    assertThat(train.path("ResourceConfig").path("InstanceType").path("Get").asString())
        .isEqualTo("Parameters.InstanceType");
    assertThat(names(train.path("InputDataConfig"), "ChannelName"))
        .containsExactly("train", "validation");

    JsonNode evaluate = d.path("Steps").get(1);
    assertThat(evaluate.path("PropertyFiles").get(0).path("FilePath").asString())
        .isEqualTo("evaluation.json");
    assertThat(
            evaluate
                .path("Arguments")
                .path("ProcessingInputs")
                .get(0)
                .path("S3Input")
                .path("S3Uri")
                .path("Get")
                .asString())
        .isEqualTo("Steps.Train.ModelArtifacts.S3ModelArtifacts");

    JsonNode condition = d.path("Steps").get(2).path("Arguments");
    JsonNode check = condition.path("Conditions").get(0);
    assertThat(check.path("Type").asString()).isEqualTo("GreaterThanOrEqualTo");
    assertThat(check.path("LeftValue").path("Std:JsonGet").path("Path").asString())
        .isEqualTo("metrics.auc");
    JsonNode register = condition.path("IfSteps").get(0);
    assertThat(register.path("Type").asString()).isEqualTo("RegisterModel");
    assertThat(register.path("Arguments").path("ModelPackageGroupName").asString())
        .isEqualTo("churn");
    assertThat(register.path("Arguments").path("ModelApprovalStatus").asString())
        .isEqualTo("PendingManualApproval");

    assertThat(names(d.path("Parameters"), "Name"))
        .contains("TrainDataUrl", "ValidationDataUrl", "InstanceType", "MetricThreshold")
        .contains("Hp_eta", "Hp_max_depth");
  }

  @Test
  void regressionModelsAreCheckedOnTheirRmse() {
    JsonNode check =
        definition(Objective.REGRESSION)
            .path("Steps")
            .get(2)
            .path("Arguments")
            .path("Conditions")
            .get(0);
    assertThat(check.path("Type").asString()).isEqualTo("LessThanOrEqualTo");
    assertThat(check.path("LeftValue").path("Std:JsonGet").path("Path").asString())
        .isEqualTo("metrics.rmse");
  }

  @Test
  void refusesARegionWithoutAKnownImage() {
    assertThatThrownBy(() -> XgboostImages.uri("mars-north-1", "1.7-1"))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("mars-north-1");
  }
}
