package dev.aifactory.ingestion.dataset;

import java.util.List;
import java.util.Optional;

/** Row count and per-column profiles of a tabular file. */
public record TableProfile(long rowCount, List<ColumnProfile> columns) {

  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
