package dev.aifactory.training.run.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.training.registry.Diagnostics;
import dev.aifactory.training.run.Iteration;
import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.TrainedModel;
import dev.aifactory.training.run.TrainingFailure;
import dev.aifactory.training.run.TrainingJob;
import dev.aifactory.training.run.TrainingStopped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalXgboostLauncherTest {

  @TempDir Path dir;

  private final LocalXgboostLauncher launcher = new LocalXgboostLauncher();

  private TrainingJob job(Path csv, String target, Objective objective, Map<String, String> hp) {
    return new TrainingJob(
        UUID.randomUUID(), "g", csv.toUri().toString(), target, objective, hp, null);
  }

  @Test
  void learnsASeparableBinaryTargetGivenAsTwoLabels() {
    TrainedModel model =
        launcher.train(job(TestData.binary(dir, 1000, 1), "churned", Objective.BINARY, Map.of()));

    assertThat(model.metrics().get("auc")).isGreaterThan(0.8);
    assertThat(model.metrics())
        .containsKeys(
            "auc", "accuracy", "logloss", "f1", "rows_train", "rows_validation", "best_iteration");
    assertThat(model.metrics().get("rows_train")).isEqualTo(800.0);
    assertThat(model.metrics().get("rows_validation")).isEqualTo(200.0);
    assertThat(model.labelMapping()).containsExactlyInAnyOrderEntriesOf(Map.of("no", 0, "yes", 1));
    assertThat(model.featureSchema())
        .extracting(f -> f.name() + ":" + f.type())
        .containsExactly("x1:numeric", "x2:numeric", "color:categorical");
    assertThat(model.featureSchema().get(2).categories()).containsExactly("blue", "green", "red");
    assertThat(model.params()).containsEntry("max_depth", "4").containsEntry("seed", "42");
    assertThat(model.cpuSeconds()).isPositive();
  }

  @Test
  void learnsAMulticlassTargetWithAProbabilityPerClass() throws Exception {
    TrainedModel model =
        launcher.train(
            job(TestData.multiclass(dir, 1500, 5), "segment", Objective.MULTICLASS, Map.of()));

    assertThat(model.metrics()).containsKeys("accuracy", "f1_macro", "logloss", "best_iteration");
    assertThat(model.metrics()).doesNotContainKey("auc");
    assertThat(model.metrics().get("accuracy")).isGreaterThan(0.8);
    assertThat(model.metrics().get("f1_macro")).isGreaterThan(0.75);
    // num_class comes from the target's distinct values, sorted: high, low, mid.
    assertThat(model.labelMapping())
        .containsExactlyInAnyOrderEntriesOf(Map.of("high", 0, "low", 1, "mid", 2));
    Diagnostics.ConfusionMatrix confusion = model.diagnostics().confusionMatrix();
    assertThat(confusion.labels()).containsExactly("high", "low", "mid");
    assertThat(confusion.counts()).hasSize(3).allSatisfy(row -> assertThat(row).hasSize(3));
    long total = confusion.counts().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
    assertThat(total).isEqualTo(model.metrics().get("rows_validation").longValue());
    long correct = 0;
    for (int c = 0; c < 3; c++) {
      correct += confusion.counts().get(c).get(c);
    }
    assertThat((double) correct / total).isEqualTo(model.metrics().get("accuracy"));
    assertThat(model.diagnostics().residuals()).isNull();

    Booster booster = XGBoost.loadModel(model.model());
    DMatrix row = new DMatrix(new float[] {2f, 0f, 0f}, 1, 3, Float.NaN);
    float[] probabilities = booster.predict(row)[0];
    assertThat(probabilities).hasSize(3);
    assertThat(probabilities[0]).as("x1 = 2 is segment high").isGreaterThan(0.5f);
    booster.dispose();
    row.dispose();
  }

  @Test
  void refusesAMulticlassTargetWithOneValue() {
    Path csv =
        TestData.write(
            dir.resolve("one-class.csv"),
            "x,y\n1,a\n2,a\n3,a\n4,a\n5,a\n6,a\n7,a\n8,a\n9,a\n10,a\n11,a\n");
    assertThatThrownBy(() -> launcher.train(job(csv, "y", Objective.MULTICLASS, Map.of())))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("multiclass target 'y' needs 2 to 100 distinct values; found 1");
  }

  @Test
  void sameDataAndParametersGiveTheSameMulticlassModel() {
    Path csv = TestData.multiclass(dir, 600, 6);
    TrainedModel first = launcher.train(job(csv, "segment", Objective.MULTICLASS, Map.of()));
    TrainedModel second = launcher.train(job(csv, "segment", Objective.MULTICLASS, Map.of()));

    assertThat(second.model()).isEqualTo(first.model());
    assertThat(second.metrics()).isEqualTo(first.metrics());
    assertThat(second.diagnostics()).isEqualTo(first.diagnostics());
  }

  @Test
  void binaryModelsCarryATwoByTwoConfusionMatrixInLabelOrder() {
    TrainedModel model =
        launcher.train(job(TestData.binary(dir, 1000, 7), "churned", Objective.BINARY, Map.of()));

    Diagnostics.ConfusionMatrix confusion = model.diagnostics().confusionMatrix();
    assertThat(confusion.labels()).containsExactly("no", "yes");
    long total = confusion.counts().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
    assertThat(total).isEqualTo(200);
    assertThat(
            (double) (confusion.counts().get(0).get(0) + confusion.counts().get(1).get(1)) / total)
        .isEqualTo(model.metrics().get("accuracy"));
  }

  @Test
  void regressionModelsCarryAResidualSummaryConsistentWithTheMetrics() {
    TrainedModel model =
        launcher.train(
            job(TestData.regression(dir, 800, 8), "price", Objective.REGRESSION, Map.of()));

    Diagnostics.ResidualSummary residuals = model.diagnostics().residuals();
    assertThat(residuals.count()).isEqualTo(160);
    assertThat(residuals.min()).isLessThanOrEqualTo(residuals.p05());
    assertThat(residuals.p05()).isLessThanOrEqualTo(residuals.median());
    assertThat(residuals.median()).isLessThanOrEqualTo(residuals.p95());
    assertThat(residuals.p95()).isLessThanOrEqualTo(residuals.max());
    // rmse² = mean² + population variance of the residuals
    double variance =
        residuals.std() * residuals.std() * (residuals.count() - 1) / residuals.count();
    assertThat(Math.sqrt(residuals.mean() * residuals.mean() + variance))
        .isCloseTo(model.metrics().get("rmse"), within(1e-4));
    assertThat(model.diagnostics().confusionMatrix()).isNull();
  }

  @Test
  void featureImportanceRanksTheFeatureTheTargetDependsOnFirst() {
    TrainedModel model =
        launcher.train(job(TestData.oneSignal(dir, 1000, 9), "y", Objective.REGRESSION, Map.of()));

    List<Diagnostics.FeatureImportance> importance = model.diagnostics().featureImportance();
    assertThat(importance)
        .extracting(Diagnostics.FeatureImportance::feature)
        .containsExactlyInAnyOrder("noise1", "signal", "noise2");
    assertThat(importance.get(0).feature()).isEqualTo("signal");
    assertThat(importance.get(0).share()).isGreaterThan(0.9);
    assertThat(importance.stream().mapToDouble(Diagnostics.FeatureImportance::share).sum())
        .isCloseTo(1.0, within(1e-9));
  }

  @Test
  void learnsARegressionTarget() {
    TrainedModel model =
        launcher.train(
            job(TestData.regression(dir, 800, 2), "price", Objective.REGRESSION, Map.of()));

    assertThat(model.metrics().get("r2")).isGreaterThan(0.8);
    assertThat(model.metrics()).containsKeys("rmse", "mae", "r2", "best_iteration");
    assertThat(model.labelMapping()).isNull();
  }

  @Test
  void sameDataAndParametersGiveTheSameModelAndMetrics() {
    Path csv = TestData.binary(dir, 600, 3);
    TrainedModel first = launcher.train(job(csv, "churned", Objective.BINARY, Map.of()));
    TrainedModel second = launcher.train(job(csv, "churned", Objective.BINARY, Map.of()));

    assertThat(second.model()).isEqualTo(first.model());
    assertThat(second.metrics()).isEqualTo(first.metrics());
    assertThat(second.baseline()).isEqualTo(first.baseline());
  }

  @Test
  void savedModelIsTheModelTheMetricsDescribe() throws Exception {
    TrainedModel model =
        launcher.train(
            job(
                TestData.binary(dir, 500, 4),
                "churned",
                Objective.BINARY,
                Map.of("num_round", "300", "eta", "0.5")));
    Booster booster = XGBoost.loadModel(model.model());
    int best = model.metrics().get("best_iteration").intValue();
    assertThat(booster.getNumBoostedRound()).isEqualTo(best + 1);
    DMatrix row = new DMatrix(new float[] {1f, Float.NaN, 2f}, 1, 3, Float.NaN);
    assertThat(booster.predict(row)[0][0]).isBetween(0f, 1f);
  }

  @Test
  void userHyperparametersOverrideTheDefaults() {
    TrainedModel model =
        launcher.train(
            job(
                TestData.binary(dir, 300, 5),
                "churned",
                Objective.BINARY,
                Map.of("max_depth", "2", "num_round", "5", "early_stopping_rounds", "0")));
    assertThat(model.params()).containsEntry("max_depth", "2").containsEntry("num_round", "5");
    assertThat(model.metrics().get("best_iteration")).isEqualTo(4.0);
  }

  @Test
  void baselineDescribesEveryFeatureAndThePrediction() {
    TrainedModel model =
        launcher.train(job(TestData.binary(dir, 2000, 6), "churned", Objective.BINARY, Map.of()));

    assertThat(model.baseline().features()).hasSize(3);
    FeatureBaseline x1 = model.baseline().features().get(0);
    assertThat(x1.type()).isEqualTo(ColumnSchema.NUMERIC);
    assertThat(x1.count()).isEqualTo(1600);
    assertThat(x1.binEdges()).hasSize(11).isSorted();
    assertThat(x1.binFractions()).hasSize(10);
    assertThat(x1.binFractions().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    assertThat(x1.sample()).hasSize(1000);
    assertThat(x1.mean()).isCloseTo(0.0, within(0.15));
    assertThat(x1.std()).isCloseTo(1.0, within(0.15));

    FeatureBaseline x2 = model.baseline().features().get(1);
    assertThat(x2.count()).as("missing values are not counted").isLessThan(1600);

    FeatureBaseline color = model.baseline().features().get(2);
    assertThat(color.type()).isEqualTo(ColumnSchema.CATEGORICAL);
    assertThat(color.categoryFrequencies()).containsOnlyKeys("blue", "green", "red");
    assertThat(color.categoryFrequencies().values().stream().mapToDouble(d -> d).sum())
        .isCloseTo(1.0, within(1e-9));

    FeatureBaseline prediction = model.baseline().prediction();
    assertThat(prediction.name()).isEqualTo("prediction");
    assertThat(prediction.count()).isEqualTo(400);
    assertThat(prediction.binEdges().get(0)).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void constantFeatureGetsOneBin() {
    FeatureBaseline b = Baselines.numeric("c", new float[] {2f, 2f, 2f, Float.NaN}, 1000, 42);
    assertThat(b.count()).isEqualTo(3);
    assertThat(b.binEdges()).containsExactly(2.0, 2.0);
    assertThat(b.binFractions()).containsExactly(1.0);
  }

  @Test
  void refusesATargetColumnTheDataDoesNotHave() {
    assertThatThrownBy(
            () ->
                launcher.train(
                    job(TestData.binary(dir, 100, 7), "nope", Objective.BINARY, Map.of())))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("target column 'nope' is not in the dataset");
  }

  @Test
  void refusesABinaryTargetWithMoreThanTwoValues() {
    Path csv = TestData.write(dir.resolve("three.csv"), "x,y\n" + "1,a\n2,b\n3,c\n".repeat(10));
    assertThatThrownBy(() -> launcher.train(job(csv, "y", Objective.BINARY, Map.of())))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("exactly two distinct values; found 3");
  }

  @Test
  void refusesANonNumericRegressionTarget() {
    Path csv = TestData.write(dir.resolve("text.csv"), "x,y\n" + "1,a\n2,b\n".repeat(10));
    assertThatThrownBy(() -> launcher.train(job(csv, "y", Objective.REGRESSION, Map.of())))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("must be numeric");
  }

  @Test
  void reportsAMissingFileReadably() {
    Path csv = dir.resolve("gone.csv");
    assertThatThrownBy(() -> launcher.train(job(csv, "y", Objective.BINARY, Map.of())))
        .isInstanceOf(TrainingFailure.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void reportsTrainAndValidationMetricsAfterEveryRound() {
    List<Iteration> rounds = new ArrayList<>();
    TrainedModel model =
        launcher.train(
            job(
                TestData.binary(dir, 300, 8),
                "churned",
                Objective.BINARY,
                Map.of("num_round", "6", "early_stopping_rounds", "0")),
            it -> rounds.add(it));

    assertThat(rounds).extracting(Iteration::round).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(rounds.get(0).metrics()).containsOnlyKeys("train-logloss", "validation-logloss");
    assertThat(rounds.get(5).metrics().get("train-logloss"))
        .isLessThan(rounds.get(0).metrics().get("train-logloss"));
    assertThat(model.metrics().get("best_iteration")).isEqualTo(5.0);
  }

  @Test
  void stopsAtTheNextRoundWhenProgressSaysSo() {
    List<Iteration> rounds = new ArrayList<>();
    assertThatThrownBy(
            () ->
                launcher.train(
                    job(
                        TestData.regression(dir, 300, 9),
                        "price",
                        Objective.REGRESSION,
                        Map.of("num_round", "500")),
                    it -> {
                      rounds.add(it);
                      return it.round() < 2;
                    }))
        .isInstanceOf(TrainingStopped.class)
        .hasMessageContaining("after round 2");
    assertThat(rounds).hasSize(3);
    assertThat(rounds.get(2).metrics()).containsKeys("train-rmse", "validation-rmse");
  }

  @Test
  void readsXgboostsEvaluationLine() {
    assertThat(
            LocalXgboostLauncher.parseEvaluation(
                "[12]\ttrain-logloss:0.41000\tvalidation-logloss:0.47500"))
        .containsExactly(Map.entry("train-logloss", 0.41), Map.entry("validation-logloss", 0.475));
  }
}
