package dev.aifactory.ingestion.dataset;

import java.util.Optional;
import java.util.UUID;

/** Repository of datasets and their versions. */
public interface Datasets {

  /** Adds the dataset; false if its team already has a dataset of that name. */
  boolean add(Dataset dataset);

  Optional<Dataset> find(String team, UUID id);

  Page<Dataset> list(String team, int page, int size);

  /** Locks the dataset row until the transaction ends, serializing version numbering. */
  void lock(UUID datasetId);

  int lastVersion(UUID datasetId);

  Optional<DatasetVersion> findVersionByHash(UUID datasetId, String contentHash);

  Optional<DatasetVersion> findVersion(UUID datasetId, int version);

  Page<DatasetVersion> listVersions(UUID datasetId, int page, int size);

  void addVersion(DatasetVersion version);
}
