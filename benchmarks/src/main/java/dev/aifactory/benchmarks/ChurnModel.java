package dev.aifactory.benchmarks;

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
 * The model both servers score: binary churn on age, income (numeric) and plan (categorical, sent
 * as text, encoded as its index in {@link #PLANS}), trained here and saved as UBJSON like training
 * saves it. Sized like a small production tabular model (100 trees of depth 6).
 */
record ChurnModel(Path path) {

  static final List<String> PLANS = List.of("basic", "plus", "pro");

  static final List<FeatureSpec> SCHEMA =
      List.of(
          new FeatureSpec("age", "numeric", null),
          new FeatureSpec("income", "numeric", null),
          new FeatureSpec("plan", "categorical", PLANS));

  static ChurnModel train(Path dir) throws XGBoostError {
    int n = 5000;
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
      double score = 0.03 * age + income / 50 + (plan == 2 ? 1 : 0) + random.nextGaussian() * 0.5;
      labels[i] = score > 2.5 ? 1f : 0f;
    }
    DMatrix train = new DMatrix(data, n, 3, Float.NaN);
    train.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("max_depth", 6);
    params.put("eta", 0.1);
    params.put("nthread", 1);
    params.put("seed", 7);
    Booster booster = XGBoost.train(train, params, 100, new HashMap<>(), null, null);
    Path path = dir.resolve("model.ubj");
    booster.saveModel(path.toString());
    booster.dispose();
    train.dispose();
    return new ChurnModel(path);
  }
}
