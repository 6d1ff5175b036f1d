package dev.aifactory.ingestion.dataset;

import java.time.Instant;
import java.util.UUID;

/**
 * Lineage of registrations (OpenLineage run events in the HTTP adapter). Implementations must never
 * throw and never block a registration: lineage is observability, not part of the state.
 */
public interface RegistrationLineage {

  RegistrationLineage NONE =
      new RegistrationLineage() {
        @Override
        public void started(Run run) {}

        @Override
        public void completed(Run run, DatasetVersion version) {}

        @Override
        public void failed(Run run, String error) {}
      };

  /** One registration attempt; {@code source} is where the bytes came from. */
  record Run(
      UUID runId,
      String team,
      UUID datasetId,
      String datasetName,
      String source,
      Instant startedAt) {}

  void started(Run run);

  /** The registration produced {@code version} (a new one, or the existing one for the bytes). */
  void completed(Run run, DatasetVersion version);

  void failed(Run run, String error);
}
