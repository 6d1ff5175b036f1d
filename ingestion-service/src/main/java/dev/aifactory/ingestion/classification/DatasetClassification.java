package dev.aifactory.ingestion.classification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The classification of a dataset's latest version with the overrides in force. */
public record DatasetClassification(UUID datasetId, int version, List<ColumnState> columns) {

  /**
   * One column: what was detected, the tags in force ({@code override} tags if a steward decided,
   * else the detected ones) and the deciding override, if any.
   */
  public record ColumnState(
      String column,
      List<Detection> detections,
      List<String> detectedTags,
      List<String> tags,
      TagOverride override) {}

  static ColumnState state(ColumnClassification detected, TagOverride override) {
    return new ColumnState(
        detected.column(),
        detected.detections(),
        detected.tags(),
        override == null ? detected.tags() : override.tags(),
        override);
  }

  static List<ColumnState> states(
      List<ColumnClassification> detected, Map<String, TagOverride> overrides) {
    return detected.stream().map(c -> state(c, overrides.get(c.column()))).toList();
  }
}
