package dev.aifactory.ingestion.dataset;

/** The content exceeds the configured maximum file size. */
public class ContentTooLarge extends RuntimeException {

  public ContentTooLarge(String message) {
    super(message);
  }
}
