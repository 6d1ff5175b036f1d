package dev.aifactory.gateway.admission;

/**
 * Policy could not answer (unreachable, timed out, 5xx, refused our credentials): an infrastructure
 * problem, so nothing is deployed and the change is asked again later (503 for an API call, a
 * retried event for a champion move), never treated as a deny.
 */
public class AdmissionUnavailable extends RuntimeException {

  public AdmissionUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
