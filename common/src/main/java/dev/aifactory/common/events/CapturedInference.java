package dev.aifactory.common.events;

import java.time.Instant;
import java.util.Map;

/** One sampled request/response pair; {@code features} values are numbers or strings. */
public record CapturedInference(
    String requestId,
    String endpoint,
    String variant,
    String modelGroup,
    int version,
    Instant timestamp,
    double latencyMs,
    double overheadMs,
    int status,
    Map<String, Object> features,
    Double prediction,
    Double sampleRate,
    ShadowResult shadow) {

  /** The shape before the fields added later; those default to null. */
  public CapturedInference(
      String requestId,
      String endpoint,
      String variant,
      String modelGroup,
      int version,
      Instant timestamp,
      double latencyMs,
      double overheadMs,
      int status,
      Map<String, Object> features,
      Double prediction) {
    this(
        requestId,
        endpoint,
        variant,
        modelGroup,
        version,
        timestamp,
        latencyMs,
        overheadMs,
        status,
        features,
        prediction,
        null,
        null);
  }
}
