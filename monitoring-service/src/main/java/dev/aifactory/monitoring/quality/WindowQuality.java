package dev.aifactory.monitoring.quality;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Model quality of one window: {@code measured} from ground-truth labels, or {@code estimated} from
 * the model's confidence (CBPE, binary only). {@code degraded} lists the metrics that fell past the
 * drop threshold against {@code trainingMetrics}.
 *
 * @param sampleCount labelled predictions (measured) or predictions (estimated)
 */
public record WindowQuality(
    QualityWindow window,
    Source source,
    String objective,
    long sampleCount,
    Map<String, Double> metrics,
    Map<String, Double> trainingMetrics,
    List<String> degraded,
    Instant computedAt) {

  /** Where the metrics come from. */
  public enum Source {
    MEASURED,
    ESTIMATED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean estimated() {
    return source == Source.ESTIMATED;
  }
}
