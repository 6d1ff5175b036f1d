package dev.aifactory.gateway;

import dev.aifactory.common.events.FeatureSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A tiny real XGBoost model for tests: binary churn on age (numeric), income (numeric) and plan
 * (categorical basic/plus/pro, encoded as its index), saved as UBJSON the way training saves it.
 */
public record TrainedModel(Path path, int rounds) {

  public static final List<FeatureSpec> SCHEMA =
      List.of(
          new FeatureSpec("age", "numeric", null),
          new FeatureSpec("income", "numeric", null),
          new FeatureSpec("plan", "categorical", List.of("basic", "plus", "pro")));

  public static TrainedModel train(Path dir, int rounds) {
    int n = 400;
    Random random = new Random(42);
    float[] data = new float[n * 3];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      float age = 18 + random.nextInt(60);
      float income = (float) (10 + random.nextDouble() * 90);
      int plan = random.nextInt(3);
      data[i * 3] = age;
      data[i * 3 + 1] = income;
      data[i * 3 + 2] = plan;
      double score = 0.03 * age + income / 50 + (plan == 2 ? 1 : 0) + random.nextGaussian() * 0.3;
      labels[i] = score > 2.5 ? 1f : 0f;
    }
    try {
      DMatrix train = new DMatrix(data, n, 3, Float.NaN);
      train.setLabel(labels);
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "binary:logistic");
      params.put("max_depth", 3);
      params.put("eta", 0.3);
      params.put("nthread", 1);
      params.put("seed", 7);
      Booster booster = XGBoost.train(train, params, rounds, new HashMap<>(), null, null);
      Path path = dir.resolve("model-" + rounds + ".ubj");
      booster.saveModel(path.toString());
      booster.dispose();
      train.dispose();
      return new TrainedModel(path, rounds);
    } catch (XGBoostError e) {
      throw new IllegalStateException(e);
    }
  }

  public String uri() {
    return path.toUri().toString();
  }

  /** The booster's own predictions for encoded rows, loaded fresh from the saved file. */
  public double[] predict(float[][] rows) {
    try {
      Booster booster = XGBoost.loadModel(path.toString());
      float[] flat = new float[rows.length * 3];
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(rows[r], 0, flat, r * 3, 3);
      }
      DMatrix matrix = new DMatrix(flat, rows.length, 3, Float.NaN);
      float[][] raw = booster.predict(matrix);
      double[] out = new double[rows.length];
      for (int r = 0; r < rows.length; r++) {
        out[r] = raw[r][0];
      }
      matrix.dispose();
      booster.dispose();
      return out;
    } catch (XGBoostError e) {
      throw new IllegalStateException(e);
    }
  }
}
