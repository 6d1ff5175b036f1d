package dev.aifactory.training.dataset;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.ColumnSummary;
import java.util.List;
import java.util.Optional;

/**
 * What training knows of a dataset version: where it lives, its columns, its tags, its column
 * profile and the training binding ingestion declared for it ({@code null} when it has none).
 */
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
    long rowCount,
    Binding training,
    List<ColumnSummary> profile) {

  /** Quality status of a version that failed ingestion's checks. */
  public static final String REJECTED_QUALITY = "REJECTED_QUALITY";

  /** The training binding's defaults for a run: group, target column and objective. */
  public record Binding(String modelGroup, String target, String objective) {}

  public Optional<ColumnSummary> summary(String name) {
    return profile == null
        ? Optional.empty()
        : profile.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<ColumnSchema> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
