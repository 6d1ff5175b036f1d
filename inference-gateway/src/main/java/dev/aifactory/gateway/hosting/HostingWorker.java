package dev.aifactory.gateway.hosting;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.endpoint.EndpointManagement;
import dev.aifactory.gateway.endpoint.VariantRequest;
import dev.aifactory.gateway.serving.EndpointProvisioner;
import dev.aifactory.gateway.serving.EndpointProvisioner.EndpointSpec;
import dev.aifactory.gateway.serving.EndpointProvisioner.Status;
import dev.aifactory.gateway.serving.EndpointProvisioner.VariantSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Advances SageMaker hostings one step per tick, never waiting on SageMaker: REQUESTED → start
 * (models, configuration, create or update the endpoint) → CREATING → one {@code DescribeEndpoint}
 * per tick → IN_SERVICE or FAILED → (if asked) route the gateway endpoint's traffic to the variants
 * in the requester's name → ROUTED or ROUTING_DENIED. Each hosting is claimed for a lease before
 * its step, so two gateway instances never run the same step, and everything needed to go on is in
 * the row, so a restarted (or another) instance carries on where it stopped.
 */
@Component
class HostingWorker {

  private static final Logger log = LoggerFactory.getLogger(HostingWorker.class);

  private final Hostings hostings;
  private final EndpointProvisioner provisioner;
  private final EndpointManagement endpoints;
  private final HostingProperties properties;
  private final HostingEvents events;
  private final MeterRegistry meters;
  private final String id = "worker-" + UUID.randomUUID();

  HostingWorker(
      Hostings hostings,
      EndpointProvisioner provisioner,
      EndpointManagement endpoints,
      HostingProperties properties,
      HostingEvents events,
      MeterRegistry meters) {
    this.hostings = hostings;
    this.provisioner = provisioner;
    this.endpoints = endpoints;
    this.properties = properties;
    this.events = events;
    this.meters = meters;
  }

  @Scheduled(
      fixedDelayString = "${aifactory.gateway.hosting.poll-interval:15s}",
      initialDelayString = "${aifactory.gateway.hosting.poll-interval:15s}")
  void scheduledTick() {
    if (properties.workerEnabled()) {
      tick();
    }
  }

  /** Runs one step of every due hosting this worker can claim. */
  void tick() {
    List<Hosting> claimed;
    try {
      claimed = hostings.claimDue(id, properties.lease(), properties.batchSize());
    } catch (RuntimeException e) {
      log.warn("Could not look for SageMaker hostings to advance: {}", e.getMessage());
      return;
    }
    for (Hosting h : claimed) {
      Hosting next;
      try {
        next = step(h);
      } catch (RuntimeException e) {
        // Not the hosting's fault as far as we know (SageMaker, policy or the database
        // unreachable): leave it for the next tick, until the timeout gives up on it.
        log.warn(
            "SageMaker hosting {} step {} failed, retrying: {}", h.id(), h.status(), e.toString());
        next = gaveUp(h, e);
        if (next == null) {
          release(h);
          continue;
        }
      }
      if (next == null) {
        release(h);
        continue;
      }
      Hosting saved = next;
      boolean updated =
          events.transaction(
              () -> {
                if (!hostings.update(saved, id)) {
                  return false;
                }
                if (saved.status() != h.status()) {
                  events.published(saved);
                }
                return true;
              });
      if (!updated) {
        log.warn("Lost the claim on SageMaker hosting {}; another worker carries on", h.id());
        continue;
      }
      if (next.status() != h.status()) {
        HostingManagement.count(meters, next);
        log.info(
            "SageMaker hosting {} of endpoint {}: {} -> {}{}",
            h.id(),
            h.endpoint(),
            h.status(),
            next.status(),
            next.failureReason() == null ? "" : " (" + next.failureReason() + ")");
      }
    }
  }

  /** The hosting after its next step; null when nothing changed. */
  Hosting step(Hosting h) {
    return switch (h.status()) {
      case REQUESTED -> start(h);
      case CREATING -> poll(h);
      case IN_SERVICE -> h.route() ? route(h) : null;
      case CANCELLING -> cancel(h);
      case DELETING -> delete(h, endpointRunsItsConfiguration(h));
      default -> null;
    };
  }

  /**
   * Deletes the hosting's configuration and models, and the SageMaker endpoint when {@code
   * withEndpoint}.
   */
  private Hosting delete(Hosting h, boolean withEndpoint) {
    provisioner.delete(
        withEndpoint ? h.sageMakerEndpoint() : null,
        h.configName(),
        h.variants().stream().map(v -> modelName(h, v)).toList());
    Instant now = Instant.now();
    return h.moved(
        Hosting.Status.DELETED,
        withEndpoint ? "Deleting" : h.sageMakerStatus(),
        h.endpointArn(),
        null,
        h.startedAt(),
        now);
  }

  /**
   * Whether tearing the hosting down takes its SageMaker endpoint with it: only while the endpoint
   * runs this hosting's configuration (or is gone). After a failed update SageMaker keeps the
   * endpoint on the earlier hosting's configuration and it goes on serving; deleting that update's
   * hosting removes only its own configuration and models.
   */
  private boolean endpointRunsItsConfiguration(Hosting h) {
    Status s = provisioner.status(h.sageMakerEndpoint());
    return !s.exists() || s.configName() == null || h.configName().equals(s.configName());
  }

  /**
   * A cancelled hosting: SageMaker refuses to delete an endpoint while it is Creating, so wait
   * until it is InService or Failed (or never was created: a hosting cancelled before its start, or
   * whose start did not get that far), then delete what there is.
   */
  private Hosting cancel(Hosting h) {
    Status s = provisioner.status(h.sageMakerEndpoint());
    if (s.exists() && !s.inService() && !s.failed()) {
      if (s.status() != null && !s.status().equals(h.sageMakerStatus())) {
        return h.moved(
            Hosting.Status.CANCELLING,
            s.status(),
            s.arn() == null ? h.endpointArn() : s.arn(),
            null,
            h.startedAt(),
            Instant.now());
      }
      return null;
    }
    // Only a hosting that created its endpoint can be cancelled (HostingManagement#cancel).
    return delete(h, true);
  }

  private Hosting start(Hosting h) {
    Instant now = Instant.now();
    Status status;
    try {
      status = provisioner.start(spec(h), h.configName());
    } catch (EndpointProvisioner.Refused e) {
      return h.moved(
          Hosting.Status.FAILED,
          h.sageMakerStatus(),
          h.endpointArn(),
          "SageMaker refused the hosting: "
              + e.getMessage()
              + "; fix the request (image, modelDataUrl, executionRoleArn, instanceType) and POST"
              + " a new hosting",
          now,
          now);
    }
    return h.moved(Hosting.Status.CREATING, status.status(), status.arn(), null, now, now);
  }

  private Hosting poll(Hosting h) {
    Instant now = Instant.now();
    Instant started = h.startedAt() == null ? h.createdAt() : h.startedAt();
    Status s = provisioner.status(h.sageMakerEndpoint());
    String arn = s.arn() == null ? h.endpointArn() : s.arn();
    if (!s.exists()) {
      return h.moved(
          Hosting.Status.FAILED,
          null,
          arn,
          "SageMaker endpoint '"
              + h.sageMakerEndpoint()
              + "' no longer exists (deleted outside the gateway?); POST a new hosting",
          started,
          now);
    }
    boolean ours = h.configName().equals(s.configName());
    if (s.failed()) {
      return h.moved(
          Hosting.Status.FAILED,
          s.status(),
          arn,
          "SageMaker endpoint '"
              + h.sageMakerEndpoint()
              + "' failed: "
              + (s.failureReason() == null ? "no reason given" : s.failureReason())
              + "; fix the cause (see the reason, the model container's CloudWatch logs) and POST"
              + " a new hosting",
          started,
          now);
    }
    if (s.inService() && ours) {
      return h.moved(Hosting.Status.IN_SERVICE, s.status(), arn, null, started, now);
    }
    if (s.inService() && s.failureReason() != null && !s.failureReason().isBlank()) {
      // A failed update: SageMaker puts the endpoint back on its previous configuration.
      return h.moved(
          Hosting.Status.FAILED,
          s.status(),
          arn,
          "SageMaker could not update endpoint '"
              + h.sageMakerEndpoint()
              + "' and kept its previous configuration "
              + s.configName()
              + ": "
              + s.failureReason()
              + "; fix the cause and POST a new hosting",
          started,
          now);
    }
    if (now.isAfter(started.plus(properties.timeout()))) {
      return h.moved(
          Hosting.Status.FAILED,
          s.status(),
          arn,
          "SageMaker endpoint '"
              + h.sageMakerEndpoint()
              + "' still "
              + s.status()
              + " after "
              + minutes(properties.timeout())
              + "; look at it in SageMaker (DescribeEndpoint), then POST a new hosting",
          started,
          now);
    }
    if (s.status() != null && !s.status().equals(h.sageMakerStatus())) {
      return h.moved(Hosting.Status.CREATING, s.status(), arn, null, started, now);
    }
    return null;
  }

  private Hosting route(Hosting h) {
    Instant now = Instant.now();
    Caller requester = new Caller(h.requestedBy(), h.team(), h.requesterRoles());
    double total = h.variants().stream().mapToDouble(HostingVariant::weight).sum();
    List<VariantRequest> deployments =
        h.variants().stream()
            .map(
                v ->
                    new VariantRequest(
                        v.variant(),
                        v.version(),
                        v.weight() / total,
                        null,
                        "sagemaker",
                        "sagemaker://" + h.sageMakerEndpoint() + "/" + v.variant()))
            .toList();
    try {
      endpoints.setDeployments(requester, h.endpoint(), deployments);
    } catch (ApiException e) {
      if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
        throw e; // policy or the endpoint not reachable right now: try again next tick
      }
      if ("deployment-denied".equals(e.slug())) {
        return h.moved(
            Hosting.Status.ROUTING_DENIED,
            h.sageMakerStatus(),
            h.endpointArn(),
            "Policy denied routing endpoint '"
                + h.endpoint()
                + "' to SageMaker endpoint '"
                + h.sageMakerEndpoint()
                + "': "
                + reasons(e)
                + "; the SageMaker endpoint serves but gets no traffic from the gateway: change"
                + " what policy objects to and POST a new hosting, or delete the SageMaker"
                + " endpoint",
            h.startedAt(),
            now);
      }
      return h.moved(
          Hosting.Status.FAILED,
          h.sageMakerStatus(),
          h.endpointArn(),
          "SageMaker endpoint '"
              + h.sageMakerEndpoint()
              + "' serves, but routing endpoint '"
              + h.endpoint()
              + "' to it was refused ("
              + e.status().value()
              + "): "
              + e.getMessage()
              + "; fix that and set the deployments with PUT /api/v1/endpoints/"
              + h.endpoint()
              + "/deployments",
          h.startedAt(),
          now);
    }
    return h.moved(
        Hosting.Status.ROUTED, h.sageMakerStatus(), h.endpointArn(), null, h.startedAt(), now);
  }

  /**
   * FAILED once a hosting kept failing for longer than the timeout; else null (try again). Routing
   * gets a timeout of its own, counted from when the hosting came into service: a provisioning that
   * took most of the timeout must not leave routing a single try against a policy-service restart.
   */
  private Hosting gaveUp(Hosting h, RuntimeException e) {
    if (h.status() == Hosting.Status.DELETING || h.status() == Hosting.Status.CANCELLING) {
      return null; // resources left behind cost money: keep trying, whatever the timeout
    }
    Instant now = Instant.now();
    Instant since =
        h.status() == Hosting.Status.IN_SERVICE
            ? h.updatedAt()
            : h.startedAt() == null ? h.createdAt() : h.startedAt();
    if (!now.isAfter(since.plus(properties.timeout()))) {
      return null;
    }
    return h.moved(
        Hosting.Status.FAILED,
        h.sageMakerStatus(),
        h.endpointArn(),
        "Gave up after "
            + minutes(properties.timeout())
            + " at step "
            + h.status()
            + ": "
            + e.getMessage()
            + "; check the gateway's access to SageMaker and policy, then POST a new hosting",
        h.startedAt(),
        now);
  }

  private void release(Hosting h) {
    try {
      hostings.release(h.id(), id);
    } catch (RuntimeException e) {
      log.warn("Could not release SageMaker hosting {}: {}", h.id(), e.getMessage());
    }
  }

  private static String reasons(ApiException e) {
    List<String> reasons = e.errors().stream().map(ApiException.FieldProblem::message).toList();
    return reasons.isEmpty() ? e.getMessage() : String.join("; ", reasons);
  }

  /**
   * Model names are derived from what the model is (image, artifact, role), so a repeated or later
   * hosting with the same model reuses it, and a changed one gets a new model (SageMaker models are
   * immutable; the provisioner reuses a model of the same name as it is).
   */
  static String modelName(Hosting h, HostingVariant v) {
    String base = h.sageMakerEndpoint() + "-" + v.variant();
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    return base + "-" + digest(v.image() + "|" + v.modelDataUrl() + "|" + v.executionRoleArn());
  }

  private static EndpointSpec spec(Hosting h) {
    return new EndpointSpec(
        h.sageMakerEndpoint(),
        h.variants().stream()
            .map(
                v ->
                    new VariantSpec(
                        v.variant(),
                        modelName(h, v),
                        v.image(),
                        v.modelDataUrl(),
                        v.executionRoleArn(),
                        v.instanceType(),
                        v.instanceCount(),
                        v.weight().floatValue()))
            .toList());
  }

  private static String digest(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String minutes(Duration d) {
    return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
