package dev.aifactory.gateway.hosting;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A SageMaker endpoint being created or updated for a gateway endpoint, and where that stands. The
 * requester ({@code requestedBy}, {@code team}, {@code requesterRoles}) is kept so the traffic can
 * be routed in their name once SageMaker serves, with the same authorization and admission as their
 * own request would have had.
 */
public record Hosting(
    String id,
    String endpoint,
    String team,
    String sageMakerEndpoint,
    String configName,
    boolean route,
    List<HostingVariant> variants,
    Status status,
    String sageMakerStatus,
    String endpointArn,
    String failureReason,
    String requestedBy,
    Set<String> requesterRoles,
    String idempotencyKey,
    String requestHash,
    Instant startedAt,
    Instant createdAt,
    Instant updatedAt) {

  public Hosting {
    variants = List.copyOf(variants);
    requesterRoles = Set.copyOf(requesterRoles);
  }

  /**
   * REQUESTED (stored, nothing asked of SageMaker yet) → CREATING (models, configuration and
   * endpoint asked for) → IN_SERVICE → ROUTED (the gateway endpoint's traffic goes to it); FAILED
   * (SageMaker failed, refused or took too long) and ROUTING_DENIED (policy refused the deployment)
   * end it. A hosting that ended, or is in service, can be torn down: DELETING (the SageMaker
   * endpoint, its configuration and models are being deleted) → DELETED. One still provisioning can
   * be cancelled: CANCELLING (waiting until SageMaker lets the endpoint be deleted, which it does
   * not while Creating) → DELETED.
   */
  public enum Status {
    REQUESTED,
    CREATING,
    CANCELLING,
    IN_SERVICE,
    ROUTED,
    FAILED,
    ROUTING_DENIED,
    DELETING,
    DELETED;

    /** Still provisioning (or being cancelled): a second hosting of the endpoint must wait. */
    public boolean inFlight() {
      return this == REQUESTED || this == CREATING || this == CANCELLING;
    }
  }

  /** The same hosting moved to {@code next}. */
  public Hosting moved(
      Status next, String seenStatus, String arn, String reason, Instant started, Instant now) {
    return new Hosting(
        id,
        endpoint,
        team,
        sageMakerEndpoint,
        configName,
        route,
        variants,
        next,
        seenStatus,
        arn,
        reason,
        requestedBy,
        requesterRoles,
        idempotencyKey,
        requestHash,
        started,
        createdAt,
        now);
  }
}
