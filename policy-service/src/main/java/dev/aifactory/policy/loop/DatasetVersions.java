package dev.aifactory.policy.loop;

import java.util.Optional;

/** Projection of registered dataset versions. */
public interface DatasetVersions {

  /** Stores the version; a redelivered registration changes nothing. */
  void save(DatasetVersion version);

  /** The newest version of the dataset that passed its quality rules. */
  Optional<DatasetVersion> newestTrainable(String datasetId);
}
