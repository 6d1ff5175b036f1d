package dev.aifactory.training.admission;

/**
 * Policy or ingestion could not answer (unreachable, timed out, 5xx, refused our credentials): an
 * infrastructure problem, so the run waits and asks again instead of being rejected.
 */
public class AdmissionUnavailable extends RuntimeException {

  public AdmissionUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
