package dev.aifactory.training.run.local;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.training.registry.Diagnostics;
import dev.aifactory.training.run.Hyperparameters;
import dev.aifactory.training.run.Iteration;
import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.RunProgress;
import dev.aifactory.training.run.TrainedModel;
import dev.aifactory.training.run.TrainingFailure;
import dev.aifactory.training.run.TrainingJob;
import dev.aifactory.training.run.TrainingLauncher;
import dev.aifactory.training.run.TrainingStopped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Trains XGBoost in this JVM (XGBoost4J): seeded 80/20 split, early stopping on the validation
 * split, then the model is refitted to exactly the best number of rounds so that the saved artifact
 * is the model the metrics describe. Same data and parameters give the same model and metrics.
 */
@Component
@ConditionalOnProperty(
    name = "aifactory.training.launcher",
    havingValue = "local",
    matchIfMissing = true)
class LocalXgboostLauncher implements TrainingLauncher {

  static final double VALIDATION_SHARE = 0.2;
  static final int MIN_ROWS = 10;

  /** Keeps the registered event (which carries the baseline) well below Kafka's 1 MB default. */
  static final int SAMPLE_BUDGET = 20_000;

  @Override
  public TrainedModel train(TrainingJob job, RunProgress progress) {
    long started = System.nanoTime();
    Map<String, String> params = Hyperparameters.effective(job.hyperparameters());
    long seed = Long.parseLong(params.get(Hyperparameters.SEED));
    int nthread = Integer.parseInt(params.get("nthread"));

    EncodedTable table =
        EncodedTable.encode(
            CsvTable.read(job.datasetLocation()), job.target(), job.objective(), job.columnTypes());
    int n = table.rowCount();
    if (n < MIN_ROWS) {
      throw new TrainingFailure(
          "the dataset has " + n + " usable rows; training needs at least " + MIN_ROWS);
    }
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(order, new Random(seed));
    int validationRows = Math.max(1, (int) Math.round(n * VALIDATION_SHARE));
    int[] train = order.subList(0, n - validationRows).stream().mapToInt(i -> i).toArray();
    int[] validation = order.subList(n - validationRows, n).stream().mapToInt(i -> i).toArray();

    int numClass = job.objective() == Objective.MULTICLASS ? table.classLabels().size() : 0;
    Map<String, Double> metrics = new LinkedHashMap<>();
    byte[] model;
    float[][] raw;
    List<Diagnostics.FeatureImportance> importance;
    DMatrix dtrain = null;
    DMatrix dvalid = null;
    try {
      dtrain = matrix(table, train);
      dvalid = matrix(table, validation);
      Map<String, Object> boosterParams = boosterParams(job.objective(), params, numClass);
      int rounds = Integer.parseInt(params.get(Hyperparameters.NUM_ROUND));
      int patience = Integer.parseInt(params.get(Hyperparameters.EARLY_STOPPING_ROUNDS));
      Boosted boosted =
          boostRoundByRound(dtrain, dvalid, boosterParams, rounds, patience, progress);
      int best = boosted.best();
      Booster booster = boosted.booster();
      if (best + 1 < booster.getNumBoostedRound()) {
        // Early stopping went past the best round: refit to exactly that many rounds (seeded, so
        // it is the model the search evaluated).
        booster.dispose();
        booster = XGBoost.train(dtrain, boosterParams, best + 1, Map.of(), null, null, null, 0);
        progress.note("refitted to the best " + (best + 1) + " rounds");
      }
      booster.setAttr("best_iteration", String.valueOf(best));
      raw = booster.predict(dvalid);
      importance = ModelDiagnostics.importance(booster, table.features());
      model = booster.toByteArray("ubj");
      booster.dispose();
      metrics.put("best_iteration", (double) best);
    } catch (XGBoostError e) {
      throw new TrainingFailure("XGBoost refused the training: " + e.getMessage(), e);
    } finally {
      if (dtrain != null) {
        dtrain.dispose();
      }
      if (dvalid != null) {
        dvalid.dispose();
      }
    }

    float[] validationLabels = pick(table.labels(), validation);
    // Multiclass: the predicted class index stands for the row (the drift baseline's prediction).
    float[] predictions = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      predictions[i] =
          job.objective() == Objective.MULTICLASS ? ValidationMetrics.argmax(raw[i]) : raw[i][0];
    }
    Map<String, Double> quality;
    Diagnostics diagnostics;
    switch (job.objective()) {
      case BINARY -> {
        quality = ValidationMetrics.binary(validationLabels, predictions);
        int[] predicted = new int[predictions.length];
        for (int i = 0; i < predictions.length; i++) {
          predicted[i] = predictions[i] >= 0.5f ? 1 : 0;
        }
        diagnostics =
            new Diagnostics(
                importance,
                ModelDiagnostics.confusion(
                    table.classLabels(),
                    ValidationMetrics.confusion(validationLabels, predicted, 2)),
                null);
      }
      case MULTICLASS -> {
        quality = ValidationMetrics.multiclass(validationLabels, raw);
        diagnostics =
            new Diagnostics(
                importance,
                ModelDiagnostics.confusion(
                    table.classLabels(),
                    ValidationMetrics.confusion(
                        validationLabels, ValidationMetrics.argmax(raw), numClass)),
                null);
      }
      default -> {
        quality = ValidationMetrics.regression(validationLabels, predictions);
        diagnostics =
            new Diagnostics(
                importance, null, ModelDiagnostics.residuals(validationLabels, predictions));
      }
    }
    Map<String, Double> all = new LinkedHashMap<>(quality);
    all.put("rows_train", (double) train.length);
    all.put("rows_validation", (double) validation.length);
    all.putAll(metrics);

    int sampleSize =
        Math.max(
            100,
            Math.min(Baselines.MAX_SAMPLE, SAMPLE_BUDGET / Math.max(1, table.features().size())));
    List<FeatureBaseline> features = new ArrayList<>();
    for (int f = 0; f < table.features().size(); f++) {
      features.add(
          Baselines.of(table.features().get(f), pick(table.columns()[f], train), sampleSize, seed));
    }
    FeatureBaseline prediction = Baselines.numeric("prediction", predictions, sampleSize, seed);

    double wallSeconds = (System.nanoTime() - started) / 1e9;
    return new TrainedModel(
        model,
        all,
        table.features(),
        new DriftBaseline(List.copyOf(features), prediction),
        params,
        table.labelMapping(),
        // XGBoost's native threads are invisible to the JVM's CPU clocks: bill what was reserved.
        wallSeconds * nthread,
        diagnostics,
        null,
        null);
  }

  private static Map<String, Object> boosterParams(
      Objective objective, Map<String, String> params, int numClass) {
    Map<String, Object> p = new HashMap<>();
    params.forEach(
        (k, v) -> {
          if (!k.equals(Hyperparameters.NUM_ROUND)
              && !k.equals(Hyperparameters.EARLY_STOPPING_ROUNDS)) {
            p.put(k, v);
          }
        });
    p.put("objective", objective.xgboostObjective());
    p.put("eval_metric", objective.evalMetric());
    p.put("tree_method", "hist");
    if (numClass > 0) {
      p.put("num_class", numClass);
    }
    p.put("verbosity", "0");
    return p;
  }

  /**
   * Boosts one round at a time, evaluating train and validation after each and reporting the round,
   * with XGBoost's early stopping rule on the validation metric (stop once {@code patience} rounds
   * brought no improvement; 0 = never). Returns the booster and its best round.
   */
  private static Boosted boostRoundByRound(
      DMatrix dtrain,
      DMatrix dvalid,
      Map<String, Object> boosterParams,
      int rounds,
      int patience,
      RunProgress progress)
      throws XGBoostError {
    DMatrix[] evalSets = {dtrain, dvalid};
    String[] evalNames = {"train", "validation"};
    String validationMetric = "validation-" + boosterParams.get("eval_metric");
    // One round through the public API creates the booster; the rest continue it.
    Booster booster = XGBoost.train(dtrain, boosterParams, 1, Map.of(), null, null, null, 0);
    boolean handedOver = false;
    try {
      int best = 0;
      double bestScore = Double.POSITIVE_INFINITY;
      for (int round = 0; round < rounds; round++) {
        if (round > 0) {
          booster.update(dtrain, round);
        }
        Map<String, Double> evaluation =
            parseEvaluation(booster.evalSet(evalSets, evalNames, round));
        Double score = evaluation.get(validationMetric);
        if (patience == 0) {
          best = round;
        } else if (score != null && score < bestScore) {
          bestScore = score;
          best = round;
        }
        if (!progress.round(new Iteration(round, evaluation))) {
          throw new TrainingStopped(round);
        }
        if (patience > 0 && round - best >= patience) {
          progress.note(
              "early stopping after round "
                  + round
                  + ": "
                  + validationMetric
                  + " did not improve for "
                  + patience
                  + " rounds; best round "
                  + best
                  + " ("
                  + validationMetric
                  + "="
                  + bestScore
                  + ")");
          break;
        }
      }
      handedOver = true;
      return new Boosted(booster, best);
    } finally {
      if (!handedOver) {
        booster.dispose();
      }
    }
  }

  private record Boosted(Booster booster, int best) {}

  /** {@code [3]\ttrain-logloss:0.41\tvalidation-logloss:0.47} to its name/value pairs. */
  static Map<String, Double> parseEvaluation(String line) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String token : line.trim().split("\\s+")) {
      int colon = token.lastIndexOf(':');
      if (token.startsWith("[") || colon <= 0) {
        continue;
      }
      try {
        out.put(token.substring(0, colon), Double.parseDouble(token.substring(colon + 1)));
      } catch (NumberFormatException e) {
        // not a metric: skip it
      }
    }
    return out;
  }

  private static DMatrix matrix(EncodedTable table, int[] rows) throws XGBoostError {
    int features = table.features().size();
    float[] data = new float[rows.length * features];
    float[][] columns = table.columns();
    for (int r = 0; r < rows.length; r++) {
      for (int f = 0; f < features; f++) {
        data[r * features + f] = columns[f][rows[r]];
      }
    }
    DMatrix matrix = new DMatrix(data, rows.length, features, Float.NaN);
    matrix.setLabel(pick(table.labels(), rows));
    return matrix;
  }

  private static float[] pick(float[] values, int[] rows) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }
}
