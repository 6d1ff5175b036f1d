package dev.aifactory.monitoring.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How far a window's quality may fall below the training metric before {@code
 * monitoring.quality-degraded}: higher-is-better metrics by an absolute drop, lower-is-better ones
 * (errors, losses) by a relative rise.
 *
 * @param auc absolute AUC drop (0.05: training 0.85, window below 0.80)
 * @param accuracy absolute accuracy drop
 * @param f1 absolute F1 drop
 * @param logloss relative log-loss rise (0.2 = +20%)
 * @param rmse relative RMSE rise
 * @param mae relative MAE rise
 */
public record QualityDropThreshold(
    @DefaultValue("0.05") double auc,
    @DefaultValue("0.05") double accuracy,
    @DefaultValue("0.05") double f1,
    @DefaultValue("0.2") double logloss,
    @DefaultValue("0.2") double rmse,
    @DefaultValue("0.2") double mae) {

  public static final QualityDropThreshold DEFAULTS =
      new QualityDropThreshold(0.05, 0.05, 0.05, 0.2, 0.2, 0.2);

  public QualityDropThreshold {
    for (double value : new double[] {auc, accuracy, f1, logloss, rmse, mae}) {
      if (!(value > 0) || value > 10) {
        throw new IllegalArgumentException(
            "quality drop thresholds must be in (0, 10], was " + value);
      }
    }
  }

  /** Metrics of {@code observed} that degraded against the same metric in {@code training}. */
  public List<String> degraded(Map<String, Double> training, Map<String, Double> observed) {
    List<String> degraded = new ArrayList<>();
    observed.forEach(
        (metric, value) -> {
          Double reference = training.get(metric);
          if (reference != null && value != null && degraded(metric, reference, value)) {
            degraded.add(metric);
          }
        });
    return degraded;
  }

  boolean degraded(String metric, double training, double observed) {
    return switch (metric) {
      case "auc" -> training - observed > auc;
      case "accuracy" -> training - observed > accuracy;
      case "f1" -> training - observed > f1;
      case "logloss" -> observed > training * (1 + logloss);
      case "rmse" -> observed > training * (1 + rmse);
      case "mae" -> observed > training * (1 + mae);
      default -> false;
    };
  }
}
