package dev.aifactory.training.registry;

import dev.aifactory.training.Page;
import java.util.Optional;
import java.util.UUID;

/** Stored model versions. */
public interface ModelVersions {

  void insert(ModelVersion version);

  /** The next free version number of the group; call while holding the group's lock. */
  int nextVersion(String modelGroup);

  Optional<ModelVersion> find(String modelGroup, int version);

  Optional<ModelVersion> findByRun(UUID runId);

  Page<ModelVersion> list(String modelGroup, int page, int size);

  /** Stores the edited part of the version's model card. */
  void saveCard(String modelGroup, int version, ModelCard.Edits edits);

  void decide(String modelGroup, int version, VersionStatus status, String decisionId);
}
