package dev.aifactory.ingestion.dataset;

/** The uploaded bytes are not an acceptable table; the message tells the caller what to fix. */
public class InvalidContent extends RuntimeException {

  public InvalidContent(String message) {
    super(message);
  }
}
