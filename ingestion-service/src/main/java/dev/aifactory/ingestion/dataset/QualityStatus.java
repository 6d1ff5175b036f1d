package dev.aifactory.ingestion.dataset;

/** Verdict of the quality checks; policy only auto-trains on {@link #PASSED} versions. */
public enum QualityStatus {
  PASSED,
  REJECTED_QUALITY
}
