package dev.aifactory.monitoring.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LabelledPredictionsTest {

  @Test
  void aucIsTheMannWhitneyStatisticWithTiesCountingHalf() {
    // scikit-learn's roc_auc_score example: 0.75
    assertThat(of(new double[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8}).auc())
        .isCloseTo(0.75, within(1e-12));
    assertThat(of(new double[] {0, 1}, new double[] {0.2, 0.9}).auc()).isEqualTo(1.0);
    assertThat(of(new double[] {1, 0}, new double[] {0.2, 0.9}).auc()).isEqualTo(0.0);
    assertThat(of(new double[] {0, 1, 0, 1}, new double[] {0.5, 0.5, 0.5, 0.5}).auc())
        .isEqualTo(0.5);
    assertThat(of(new double[] {1, 1}, new double[] {0.2, 0.9}).auc()).isNaN();
  }

  @Test
  void logLossMatchesScikitLearn() {
    // log_loss([1, 0, 0, 1], [.9, .1, .2, .65]) = 0.21616187468057912
    assertThat(of(new double[] {1, 0, 0, 1}, new double[] {.9, .1, .2, .65}).logLoss())
        .isCloseTo(0.21616187468057912, within(1e-12));
    // A certain, wrong prediction is clipped, not infinite.
    assertThat(of(new double[] {1}, new double[] {0.0}).logLoss()).isFinite();
  }

  @Test
  void accuracyAndF1UseTheClassAtHalf() {
    LabelledPredictions p =
        of(new double[] {1, 1, 0, 0, 1}, new double[] {0.9, 0.4, 0.6, 0.1, 0.5});

    assertThat(p.accuracy()).isCloseTo(0.6, within(1e-12)); // right: 0.9, 0.1, 0.5
    // tp = 2 (0.9, 0.5), fp = 1 (0.6), fn = 1 (0.4): 2·2 / (2·2 + 1 + 1)
    assertThat(p.f1()).isCloseTo(4.0 / 6.0, within(1e-12));
  }

  @Test
  void regressionErrors() {
    LabelledPredictions p = of(new double[] {1, 2, 3, 4}, new double[] {2, 2, 3, 2});

    assertThat(p.mae()).isCloseTo(0.75, within(1e-12));
    assertThat(p.rmse()).isCloseTo(Math.sqrt(5.0 / 4), within(1e-12));
    assertThat(p.metrics("regression")).containsOnlyKeys("rmse", "mae");
    assertThat(p.metrics("binary")).containsKeys("accuracy", "f1", "logloss");
  }

  @Test
  void confidenceBasedEstimateIsTheMeanConfidence() {
    assertThat(new ConfidenceEstimate(new double[] {0.9, 0.1, 0.5}).expectedAccuracy())
        .isCloseTo((0.9 + 0.9 + 0.5) / 3, within(1e-12));
    // Calibrated probabilities: the estimate tracks the true accuracy.
    java.util.Random random = new java.util.Random(4);
    int n = 20_000;
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = random.nextDouble();
      y[i] = random.nextDouble() < p[i] ? 1 : 0;
    }
    assertThat(new ConfidenceEstimate(p).expectedAccuracy())
        .isCloseTo(of(y, p).accuracy(), within(0.01));
  }

  @Test
  void dropThresholdsAreAbsoluteForScoresAndRelativeForErrors() {
    QualityDropThreshold t = QualityDropThreshold.DEFAULTS;

    assertThat(t.degraded("auc", 0.85, 0.79)).isTrue();
    assertThat(t.degraded("auc", 0.85, 0.81)).isFalse();
    assertThat(t.degraded("rmse", 10, 12.5)).isTrue();
    assertThat(t.degraded("rmse", 10, 11.5)).isFalse();
    assertThat(t.degraded(java.util.Map.of("auc", 0.9, "rmse", 1.0), java.util.Map.of("auc", 0.5)))
        .containsExactly("auc");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new QualityDropThreshold(0, 0.05, 0.05, 0.2, 0.2, 0.2))
        .withMessageContaining("(0, 10]");
  }

  private static LabelledPredictions of(double[] labels, double[] predictions) {
    return new LabelledPredictions(labels, predictions);
  }
}
