package dev.aifactory.training.run;

/**
 * Lifecycle of a run: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}, or {@code
 * REJECTED} when admission (grant at ingestion, policy's decision) refused to launch it.
 */
public enum RunStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  REJECTED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REJECTED;
  }
}
