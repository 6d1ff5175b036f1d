package dev.aifactory.common.events;

import java.util.List;

/** A new immutable dataset version was profiled, checked and stored. */
public record DatasetVersionRegistered(
    String team,
    String datasetId,
    String name,
    int version,
    String location,
    String format,
    String contentHash,
    List<ColumnSchema> schema,
    long rowCount,
    String qualityStatus,
    List<String> tags,
    List<ColumnSummary> profile,
    TrainingBinding training)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "dataset.version-registered";
  }

  @Override
  public String topic() {
    return Topics.DATASETS;
  }

  @Override
  public String key() {
    return datasetId;
  }
}
