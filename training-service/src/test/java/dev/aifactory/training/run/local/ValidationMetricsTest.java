package dev.aifactory.training.run.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationMetricsTest {

  @Test
  void aucIsOneForAPerfectRankingAndHalfForTies() {
    float[] labels = {0, 0, 1, 1};
    assertThat(ValidationMetrics.auc(labels, new float[] {0.1f, 0.2f, 0.8f, 0.9f})).isEqualTo(1.0);
    assertThat(ValidationMetrics.auc(labels, new float[] {0.5f, 0.5f, 0.5f, 0.5f})).isEqualTo(0.5);
    assertThat(ValidationMetrics.auc(labels, new float[] {0.9f, 0.8f, 0.2f, 0.1f})).isEqualTo(0.0);
  }

  @Test
  void aucIsLeftOutWhenTheValidationSplitHasOneClass() {
    assertThat(ValidationMetrics.binary(new float[] {1, 1}, new float[] {0.7f, 0.4f}))
        .doesNotContainKey("auc")
        .containsEntry("accuracy", 0.5);
  }

  @Test
  void regressionMetricsOfExactPredictions() {
    var m = ValidationMetrics.regression(new float[] {1, 2, 3}, new float[] {1, 2, 3});
    assertThat(m.get("rmse")).isZero();
    assertThat(m.get("mae")).isZero();
    assertThat(m.get("r2")).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void multiclassMetricsOfAKnownConfusion() {
    // actual: 0 0 1 2; predicted (argmax): 0 1 1 2
    float[] labels = {0, 0, 1, 2};
    float[][] p = {{0.8f, 0.1f, 0.1f}, {0.3f, 0.6f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.1f, 0.1f, 0.8f}};

    Map<String, Double> m = ValidationMetrics.multiclass(labels, p);

    assertThat(m.get("accuracy")).isEqualTo(0.75);
    // F1: class 0 = 2/3 (tp 1, fn 1), class 1 = 2/3 (tp 1, fp 1), class 2 = 1
    assertThat(m.get("f1_macro")).isCloseTo((2.0 / 3 + 2.0 / 3 + 1) / 3, within(1e-9));
    double expectedLogloss =
        -(Math.log(0.8f) + Math.log(0.3f) + Math.log(0.8f) + Math.log(0.8f)) / 4;
    assertThat(m.get("logloss")).isCloseTo(expectedLogloss, within(1e-6));
    assertThat(ValidationMetrics.confusion(labels, ValidationMetrics.argmax(p), 3))
        .isDeepEqualTo(new long[][] {{1, 1, 0}, {0, 1, 0}, {0, 0, 1}});
  }
}
