package dev.aifactory.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A SageMaker hosting of a gateway endpoint moved to {@code status} at {@code at} (REQUESTED,
 * CREATING, IN_SERVICE, ROUTED, FAILED, ROUTING_DENIED, DELETING, DELETED). The variants name the
 * capacity the hosting runs on: a hosting is paid for from IN_SERVICE until DELETED, or until a
 * later hosting of the same SageMaker endpoint is IN_SERVICE (SageMaker replaced its
 * configuration), whatever the gateway routes to it.
 */
public record HostingChanged(
    String team,
    String endpoint,
    String modelGroup,
    String hostingId,
    String sageMakerEndpoint,
    String status,
    List<Variant> variants,
    String reason,
    Instant at)
    implements DomainEvent {

  public HostingChanged {
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  /** One production variant: the model version it serves on {@code instanceCount} instances. */
  public record Variant(
      String variant, int version, String instanceType, int instanceCount, double weight) {}

  @Override
  public String eventType() {
    return "endpoint.hosting-changed";
  }

  @Override
  public String topic() {
    return Topics.ENDPOINTS;
  }

  @Override
  public String key() {
    return endpoint;
  }
}
