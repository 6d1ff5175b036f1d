package dev.aifactory.monitoring.drift;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window's traffic summarised per baseline feature and for the predictions, filled one capture at
 * a time; what drift analysis needs without keeping the window's rows.
 */
public final class WindowSketch {

  private final Map<String, FeatureSketch> features = new LinkedHashMap<>();
  private final FeatureSketch prediction;

  public WindowSketch(DriftStatistics statistics, DriftBaseline baseline) {
    List<FeatureBaseline> references =
        baseline.features() == null ? List.of() : baseline.features();
    for (FeatureBaseline reference : references) {
      features.put(reference.name(), statistics.sketch(reference));
    }
    prediction = baseline.prediction() == null ? null : statistics.sketch(baseline.prediction());
  }

  private WindowSketch(WindowSketch prototype) {
    for (Map.Entry<String, FeatureSketch> feature : prototype.features.entrySet()) {
      features.put(feature.getKey(), feature.getValue().emptyCopy());
    }
    prediction = prototype.prediction == null ? null : prototype.prediction.emptyCopy();
  }

  /**
   * An empty sketch of the same baseline, without sorting its reference samples again (what
   * rebuilding the sketch costs per capture batch otherwise).
   */
  public WindowSketch emptyCopy() {
    return new WindowSketch(this);
  }

  /** Adds one capture's features (missing ones are skipped) and prediction. */
  public void add(Map<String, Object> row, Double predicted) {
    if (row != null) {
      for (Map.Entry<String, FeatureSketch> feature : features.entrySet()) {
        Object value = row.get(feature.getKey());
        if (value != null) {
          feature.getValue().add(value);
        }
      }
    }
    if (prediction != null && predicted != null) {
      prediction.add(predicted);
    }
  }

  /** Writes the counts of every feature and the prediction (the reference is the baseline's). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(features.size());
    for (Map.Entry<String, FeatureSketch> feature : features.entrySet()) {
      out.writeUTF(feature.getKey());
      feature.getValue().writeTo(out);
    }
    out.writeBoolean(prediction != null);
    if (prediction != null) {
      prediction.writeTo(out);
    }
  }

  /**
   * Adds counts written by {@link #writeTo} from a sketch of the same baseline (merging); another
   * baseline's sketch is an {@link IOException} and leaves this sketch unusable.
   */
  public void readFrom(DataInput in) throws IOException {
    int n = in.readInt();
    if (n != features.size()) {
      throw new IOException(
          "stored sketch has " + n + " features, the baseline " + features.size());
    }
    for (Map.Entry<String, FeatureSketch> feature : features.entrySet()) {
      if (!feature.getKey().equals(in.readUTF())) {
        throw new IOException("stored sketch's features differ from the baseline's");
      }
      feature.getValue().readFrom(in);
    }
    if (in.readBoolean() != (prediction != null)) {
      throw new IOException("stored sketch's prediction does not match the baseline");
    }
    if (prediction != null) {
      prediction.readFrom(in);
    }
  }

  FeatureSketch feature(String name) {
    return features.get(name);
  }

  FeatureSketch prediction() {
    return prediction;
  }
}
