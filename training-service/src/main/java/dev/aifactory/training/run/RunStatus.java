package dev.aifactory.training.run;

/** Lifecycle of a run: {@code QUEUED → RUNNING → SUCCEEDED | FAILED}. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED
}
