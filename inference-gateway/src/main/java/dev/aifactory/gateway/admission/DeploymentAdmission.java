package dev.aifactory.gateway.admission;

import java.util.List;

/** Policy's admission decision on a deployment about to change what an endpoint serves. */
public interface DeploymentAdmission {

  /**
   * Asks whether the deployment may go ahead. A deny is an answer, not an error.
   *
   * @throws AdmissionUnavailable when policy cannot answer
   */
  Verdict admit(String team, Request request);

  /** What policy evaluates; the body of {@code POST /api/v1/admissions/deployment}. */
  record Request(
      String endpoint,
      String modelGroup,
      Integer modelVersion,
      String instanceType,
      Integer instanceCount,
      Boolean publicEndpoint,
      Boolean trainedOnPii,
      String requestedBy) {}

  /** Policy's answer: {@code reasons} say why when {@code allowed} is false. */
  record Verdict(String decisionId, boolean allowed, String outcome, List<String> reasons) {

    public static Verdict admittedWithoutAsking() {
      return new Verdict(null, true, "ADMISSION_DISABLED", List.of());
    }
  }
}
