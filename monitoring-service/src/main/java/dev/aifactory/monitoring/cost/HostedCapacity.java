package dev.aifactory.monitoring.cost;

import java.time.Instant;

/**
 * One production variant of a SageMaker hosting: {@code instanceCount} instances of {@code
 * instanceType} serving {@code modelGroup} v{@code version} from {@code startedAt} until {@code
 * endedAt} (null: still running), charged up to {@code accruedTo}.
 */
public record HostedCapacity(
    String hostingId,
    String variant,
    String team,
    String endpoint,
    String sageMakerEndpoint,
    String modelGroup,
    int version,
    String instanceType,
    int instanceCount,
    Instant startedAt,
    Instant endedAt,
    Instant accruedTo) {

  /** Where charging stops for now: the end, or {@code now} while it runs. */
  public Instant chargeableUntil(Instant now) {
    return endedAt == null || endedAt.isAfter(now) ? now : endedAt;
  }
}
