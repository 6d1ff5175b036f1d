package dev.aifactory.training.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a model predicts: the probability of class 1 of a two-valued target, or a number. */
public enum Objective {
  BINARY("binary:logistic", "logloss"),
  REGRESSION("reg:squarederror", "rmse");

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
