package dev.aifactory.training.registry;

/** Where a model version stands with the promotion gate. */
public enum VersionStatus {
  PENDING_MANUAL_APPROVAL,
  APPROVED,
  REJECTED
}
