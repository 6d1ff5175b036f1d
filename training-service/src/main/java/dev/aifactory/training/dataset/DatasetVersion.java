package dev.aifactory.training.dataset;

import dev.aifactory.common.events.ColumnSchema;
import java.util.List;
import java.util.Optional;

/** What training knows of a dataset version: where it lives, its columns and its tags. */
public record DatasetVersion(
    String datasetId,
    int version,
    String team,
    String name,
    String location,
    String format,
    List<String> tags,
    List<ColumnSchema> columns,
    String qualityStatus,
    long rowCount) {

  public Optional<ColumnSchema> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
