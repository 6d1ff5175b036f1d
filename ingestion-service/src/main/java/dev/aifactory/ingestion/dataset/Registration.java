package dev.aifactory.ingestion.dataset;

/** Outcome of registering content: a new version, or the existing one for the same bytes. */
public record Registration(DatasetVersion version, boolean created) {}
