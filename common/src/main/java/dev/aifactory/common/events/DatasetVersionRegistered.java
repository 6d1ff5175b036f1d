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
    TrainingBinding training,
    SchemaChange schemaChange)
    implements DomainEvent {

  /** The shape before the fields added later; those default to null. */
  public DatasetVersionRegistered(
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
      TrainingBinding training) {
    this(
        team,
        datasetId,
        name,
        version,
        location,
        format,
        contentHash,
        schema,
        rowCount,
        qualityStatus,
        tags,
        profile,
        training,
        null);
  }

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
