package dev.aifactory.ingestion.classification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tags columns holding personal data: a kind is detected when the column name says so, or when at
 * least {@code minConfidence} of the sampled values pass its value check. A column with any
 * detection is tagged {@code pii}, {@code pii:<kind>} and {@code confidential}.
 */
public final class PiiClassifier {

  public static final String PII = "pii";
  public static final String CONFIDENTIAL = "confidential";

  private final double minConfidence;

  public PiiClassifier(double minConfidence) {
    this.minConfidence = minConfidence;
  }

  public List<ColumnClassification> classify(List<String> columns, ValueSampler sampler) {
    return columns.stream().map(c -> classify(c, sampler.sample(c))).toList();
  }

  ColumnClassification classify(String column, List<String> sample) {
    List<Detection> detections = new ArrayList<>();
    for (PiiKind kind : PiiKind.values()) {
      long matched = sample.stream().filter(kind::matchesValue).count();
      double confidence = sample.isEmpty() ? 0.0 : (double) matched / sample.size();
      boolean byName = kind.matchesName(column);
      boolean byValues = !sample.isEmpty() && confidence >= minConfidence;
      if (byName || byValues) {
        detections.add(
            new Detection(kind.id(), confidence, matched, sample.size(), byName, byValues));
      }
    }
    return new ColumnClassification(column, detections, tags(detections));
  }

  static List<String> tags(List<Detection> detections) {
    if (detections.isEmpty()) {
      return List.of();
    }
    Set<String> tags = new LinkedHashSet<>();
    tags.add(PII);
    detections.forEach(d -> tags.add("pii:" + d.kind()));
    tags.add(CONFIDENTIAL);
    return List.copyOf(tags);
  }
}
