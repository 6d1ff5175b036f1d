package dev.aifactory.training.run.local;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.TrainingFailure;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The input schema and drift baseline of a dataset the same way the local launcher derives them,
 * for models trained elsewhere (SageMaker): features encoded like {@link EncodedTable}, binned like
 * {@link Baselines}, the prediction distribution from a sample of the model's predictions.
 */
public final class DatasetDescription {

  private DatasetDescription() {}

  /** What a version needs besides its model: schema, baseline, label mapping. */
  public record Described(
      List<FeatureSpec> featureSchema, DriftBaseline baseline, Map<String, Integer> labelMapping) {}

  public static Described describe(
      String csv,
      String target,
      Objective objective,
      Map<String, String> columnTypes,
      float[] predictionSample,
      long seed) {
    CsvTable table;
    try {
      table = CsvTable.parse(new StringReader(csv));
    } catch (IOException | RuntimeException e) {
      throw new TrainingFailure("the training data is not readable CSV: " + e.getMessage());
    }
    EncodedTable encoded = EncodedTable.encode(table, target, objective, columnTypes);
    int sampleSize =
        Math.max(
            100,
            Math.min(
                Baselines.MAX_SAMPLE,
                LocalXgboostLauncher.SAMPLE_BUDGET / Math.max(1, encoded.features().size())));
    List<FeatureBaseline> features = new ArrayList<>();
    for (int f = 0; f < encoded.features().size(); f++) {
      features.add(Baselines.of(encoded.features().get(f), encoded.columns()[f], sampleSize, seed));
    }
    FeatureBaseline prediction =
        predictionSample == null || predictionSample.length == 0
            ? null
            : Baselines.numeric("prediction", predictionSample, sampleSize, seed);
    return new Described(
        encoded.features(),
        new DriftBaseline(List.copyOf(features), prediction),
        encoded.labelMapping());
  }
}
