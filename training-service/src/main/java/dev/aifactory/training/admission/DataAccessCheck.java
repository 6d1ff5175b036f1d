package dev.aifactory.training.admission;

/** Whether a principal holds a READ grant on a dataset version (asked of ingestion). */
public interface DataAccessCheck {

  /**
   * @param team the dataset's team, on whose behalf the check is made
   * @param principal the caller for API runs, {@code team:<team>} for event-triggered runs
   * @throws AdmissionUnavailable when ingestion cannot answer
   */
  Access readable(String team, String datasetId, int version, String principal);

  /** The answer; {@code reason} names the missing grant when access is refused. */
  record Access(boolean granted, String reason) {

    public static Access allowed() {
      return new Access(true, null);
    }

    public static Access denied(String reason) {
      return new Access(false, reason);
    }
  }
}
