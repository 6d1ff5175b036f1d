package dev.aifactory.ingestion.classification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Classification results per version and column, and the steward overrides per column. */
public interface Classifications {

  void save(UUID datasetId, int version, List<ColumnClassification> columns);

  /** The classification of a version, in column order; empty if none was recorded. */
  List<ColumnClassification> find(UUID datasetId, int version);

  void addOverride(TagOverride override);

  /** The newest override of each column of the dataset that has one. */
  Map<String, TagOverride> currentOverrides(UUID datasetId);

  /** Every override of one column, newest first. */
  List<TagOverride> history(UUID datasetId, String column);
}
