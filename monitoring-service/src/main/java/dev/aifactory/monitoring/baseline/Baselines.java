package dev.aifactory.monitoring.baseline;

import java.util.Optional;

/** Stored baselines, one per (team, model group, version). */
public interface Baselines {

  /** Stores the baseline; a version registered again keeps the first one. Returns true if new. */
  boolean save(ModelBaseline baseline);

  Optional<ModelBaseline> find(String team, String modelGroup, int version);
}
