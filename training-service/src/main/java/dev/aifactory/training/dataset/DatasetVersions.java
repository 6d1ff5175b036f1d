package dev.aifactory.training.dataset;

import java.util.Optional;

/** Projection of the dataset versions ingestion registered. */
public interface DatasetVersions {

  /** Stores the version; a version already known is left as it is. */
  void save(DatasetVersion version);

  Optional<DatasetVersion> find(String datasetId, int version);

  Optional<DatasetVersion> latest(String datasetId);
}
