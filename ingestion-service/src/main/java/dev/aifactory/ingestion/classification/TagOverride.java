package dev.aifactory.ingestion.classification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A data steward's decision on a column's tags: it replaces the detected tags of that column for
 * every version registered from then on, and is kept forever as audit history.
 */
public record TagOverride(
    UUID datasetId,
    String column,
    List<String> tags,
    String reason,
    String decidedBy,
    Instant decidedAt) {

  public TagOverride {
    tags = List.copyOf(tags);
  }
}
