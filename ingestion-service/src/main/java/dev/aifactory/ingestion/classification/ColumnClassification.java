package dev.aifactory.ingestion.classification;

import java.util.List;

/** What the classifier found in one column of one version, and the tags that follow from it. */
public record ColumnClassification(String column, List<Detection> detections, List<String> tags) {

  public ColumnClassification {
    detections = List.copyOf(detections);
    tags = List.copyOf(tags);
  }
}
