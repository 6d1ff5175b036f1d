package dev.aifactory.training.run.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
}
