package dev.aifactory.gateway.serving;

/** A model version could not be loaded (missing or unreadable artifact, wrong shape). */
public class ModelUnavailableException extends RuntimeException {

  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public ModelUnavailableException(String message) {
    super(message);
  }
}
