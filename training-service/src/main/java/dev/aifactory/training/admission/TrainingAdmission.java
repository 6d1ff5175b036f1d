package dev.aifactory.training.admission;

import java.util.List;

/** Policy's admission decision on a run about to launch (budget, data quality, PII rules). */
public interface TrainingAdmission {

  /**
   * Asks whether the run may launch. A deny is an answer, not an error.
   *
   * @throws AdmissionUnavailable when policy cannot answer
   */
  Verdict admit(String team, Request request);

  /** What policy evaluates; the body of {@code POST /api/v1/admissions/training}. */
  record Request(
      String modelGroup,
      String datasetId,
      int datasetVersion,
      String datasetQualityStatus,
      List<String> datasetTags,
      double estimatedCost,
      String trigger,
      String requestedBy) {}

  /** Policy's answer: {@code reasons} say why when {@code allowed} is false. */
  record Verdict(String decisionId, boolean allowed, String outcome, List<String> reasons) {}
}
