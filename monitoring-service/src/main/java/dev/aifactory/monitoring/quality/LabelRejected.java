package dev.aifactory.monitoring.quality;

/** A ground-truth label that does not fit the model (the field names the entry at fault). */
public class LabelRejected extends RuntimeException {

  private final String field;

  public LabelRejected(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
