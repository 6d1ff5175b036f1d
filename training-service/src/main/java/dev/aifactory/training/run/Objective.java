package dev.aifactory.training.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a model predicts: the probability of class 1 of a two-valued target, the probability of each
 * class of a target with several values ({@code multi:softprob}, one probability per class in the
 * order of the label mapping), or a number.
 */
public enum Objective {
  BINARY("binary:logistic", "logloss"),
  MULTICLASS("multi:softprob", "mlogloss"),
  REGRESSION("reg:squarederror", "rmse");

  /** The accepted wire names, for messages. */
  public static final String CHOICES = "binary, multiclass, regression";

  /** More classes than this is not a classification problem training accepts. */
  public static final int MAX_CLASSES = 100;

  private final String xgboostObjective;
  private final String evalMetric;

  Objective(String xgboostObjective, String evalMetric) {
    this.xgboostObjective = xgboostObjective;
    this.evalMetric = evalMetric;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String xgboostObjective() {
    return xgboostObjective;
  }

  public String evalMetric() {
    return evalMetric;
  }

  public static Optional<Objective> parse(String value) {
    return Arrays.stream(values()).filter(o -> o.wire().equals(value)).findFirst();
  }
}
