package dev.aifactory.ingestion.quality;

import java.util.Optional;
import java.util.UUID;

/** Versioned rulesets per dataset. */
public interface QualityRules {

  /** Call with the dataset row locked, so numbering is serialized. */
  int lastVersion(UUID datasetId);

  void add(Ruleset ruleset);

  Optional<Ruleset> latest(UUID datasetId);
}
