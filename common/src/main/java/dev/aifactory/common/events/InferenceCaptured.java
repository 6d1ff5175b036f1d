package dev.aifactory.common.events;

import java.util.List;

/**
 * A batch of sampled inferences of one endpoint. High volume: published directly, not via outbox.
 */
public record InferenceCaptured(
    String team, String endpoint, String batchId, List<CapturedInference> records)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "inference.captured";
  }

  @Override
  public String topic() {
    return Topics.INFERENCE_CAPTURES;
  }

  @Override
  public String key() {
    return endpoint;
  }
}
