package dev.aifactory.ingestion.catalog;

import java.util.List;
import java.util.UUID;

/**
 * Where query engines and other tools find dataset versions: PostgreSQL by default, the AWS Glue
 * Data Catalog in AWS mode ({@code aifactory.ingestion.catalog=local|aws}).
 */
public interface DataCatalog {

  /**
   * Records a newly registered version as the newest version of its dataset's table. Called inside
   * the registration transaction: if the catalog fails, the version is not registered.
   */
  void publish(CatalogEntry entry);

  /** The catalogued versions of a dataset, oldest first; empty if it has none. */
  List<CatalogEntry> versions(String team, UUID datasetId, String name);
}
