package dev.aifactory.training.registry;

import dev.aifactory.common.events.DriftBaseline;

/** Durable storage of model files: the model and its drift baseline. */
public interface ModelArtifacts {

  /** Where a stored model and its baseline are, and the SHA-256 of the model bytes. */
  record Stored(String artifactUri, String sha256, String baselineUri) {}

  /** Writes (or overwrites) version {@code version} of the group's files. */
  Stored store(String modelGroup, int version, byte[] model, DriftBaseline baseline);
}
