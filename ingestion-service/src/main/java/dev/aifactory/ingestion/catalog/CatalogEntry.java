package dev.aifactory.ingestion.catalog;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a data catalog knows about one dataset version: a table named after the dataset in the
 * team's database, its columns, where the data lies and in which format, and the governance
 * parameters (version, content hash, tags, quality) that tie the table version to the dataset
 * version.
 */
public record CatalogEntry(
    String team,
    UUID datasetId,
    String name,
    int version,
    String location,
    String format,
    String contentHash,
    List<Column> columns,
    long rowCount,
    String qualityStatus,
    List<String> tags) {

  public CatalogEntry {
    columns = List.copyOf(columns);
    tags = List.copyOf(tags);
  }

  /** A column with its profile type ({@code numeric} or {@code categorical}). */
  public record Column(String name, String type) {}

  /** Parameters every catalog stores with the table version, under an {@code aifactory.} prefix. */
  public Map<String, String> parameters() {
    return Map.of(
        "aifactory.dataset-id", datasetId.toString(),
        "aifactory.version", Integer.toString(version),
        "aifactory.content-hash", contentHash,
        "aifactory.row-count", Long.toString(rowCount),
        "aifactory.quality-status", qualityStatus,
        "aifactory.tags", String.join(",", tags));
  }
}
