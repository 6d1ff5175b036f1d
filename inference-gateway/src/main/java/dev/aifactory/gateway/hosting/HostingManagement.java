package dev.aifactory.gateway.hosting;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.EndpointManagement;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * SageMaker hostings of a team's endpoints: a request is validated and stored as REQUESTED, and the
 * {@link HostingWorker} does the rest, so the caller gets an answer at once (202) and follows the
 * hosting by its id.
 */
@Service
public class HostingManagement {

  private static final Logger log = LoggerFactory.getLogger(HostingManagement.class);

  /** SageMaker's rule for endpoint, model and variant names. */
  static final Pattern SAGEMAKER_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

  /**
   * Variant names must also be gateway variant names (lowercase), since routing makes each one a
   * deployment of the gateway endpoint under the same name.
   */
  static final Pattern VARIANT_NAME = Pattern.compile("[a-z0-9](-*[a-z0-9]){0,62}");

  static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9]+\\.[a-z0-9]+");
  static final int MAX_INSTANCES = 100;
  static final int MAX_KEY_LENGTH = 200;

  /** A submitted hosting, and whether this request created it (false: an idempotent replay). */
  public record Submission(Hosting hosting, boolean created) {}

  public record HostingPage(List<Hosting> items, int page, int size, long total) {}

  private final Hostings hostings;
  private final EndpointManagement endpoints;
  private final HostingEvents events;
  private final MeterRegistry meters;

  HostingManagement(
      Hostings hostings, EndpointManagement endpoints, HostingEvents events, MeterRegistry meters) {
    this.hostings = hostings;
    this.endpoints = endpoints;
    this.events = events;
    this.meters = meters;
  }

  public Submission request(
      Caller caller, String name, HostingRequest request, String idempotencyKey) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Hosting endpoints on SageMaker needs the ml-engineer or admin role; ask an admin of"
              + " your team");
    }
    Endpoint endpoint = endpoints.get(caller, name);
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
      throw ApiException.badRequest(
          "Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    if (request == null) {
      throw ApiException.badRequest("variants", "the body must list the variants to host");
    }
    String smEndpoint =
        request.sageMakerEndpoint() == null ? endpoint.name() : request.sageMakerEndpoint();
    List<HostingVariant> variants = validated(endpoint, smEndpoint, request);
    boolean route = request.route() == null || request.route();
    String hash = hash(smEndpoint + "|" + route + "|" + variants);
    if (idempotencyKey != null) {
      Optional<Submission> replay = replay(endpoint.name(), idempotencyKey, hash);
      if (replay.isPresent()) {
        return replay.get();
      }
    }
    hostings.inFlight(endpoint.name()).ifPresent(h -> inFlightConflict(h));
    if (hostings.usedByAnotherEndpoint(smEndpoint, endpoint.name())) {
      throw ApiException.conflict(
          "SageMaker endpoint '"
              + smEndpoint
              + "' is hosted for another gateway endpoint; pick another sageMakerEndpoint");
    }
    Instant now = Instant.now();
    Hosting hosting =
        new Hosting(
            UUID.randomUUID().toString(),
            endpoint.name(),
            endpoint.team(),
            smEndpoint,
            configName(smEndpoint, now),
            route,
            variants,
            Hosting.Status.REQUESTED,
            null,
            null,
            null,
            caller.subject(),
            caller.roles(),
            idempotencyKey,
            hash,
            null,
            now,
            now);
    try {
      events.transaction(
          () -> {
            hostings.insert(hosting);
            events.published(hosting);
            return hosting;
          });
    } catch (Hostings.Conflict e) {
      if (e.idempotencyKey()) {
        // The same key raced us in from another request: answer as its replay.
        return replay(endpoint.name(), idempotencyKey, hash).orElseThrow(() -> e);
      }
      throw hostings
          .inFlight(endpoint.name())
          .map(HostingManagement::inFlightConflictOf)
          .orElseGet(() -> ApiException.conflict("Another hosting of this endpoint is in flight"));
    }
    count(meters, hosting);
    log.info(
        "SageMaker hosting {} of endpoint {} requested by {}: SageMaker endpoint {}, variants {}",
        hosting.id(),
        hosting.endpoint(),
        caller.subject(),
        smEndpoint,
        variants.stream().map(HostingVariant::variant).toList());
    return new Submission(hosting, true);
  }

  /**
   * Tears the hosting's SageMaker resources down (endpoint, configuration, models) on the worker's
   * next tick: 202 with the hosting in DELETING, then DELETED. A hosting still provisioning is
   * cancelled: 202 with it in CANCELLING, then DELETED once SageMaker lets the endpoint go (not
   * while it is Creating). Refused (409, saying what to do) while the gateway endpoint still serves
   * from that SageMaker endpoint, for a hosting that updates a SageMaker endpoint an earlier
   * hosting created (an update cannot be taken back), and for a hosting that is not the newest of
   * its SageMaker endpoint (a later one owns the endpoint now). The endpoint itself is deleted only
   * while it runs this hosting's configuration: a failed update leaves SageMaker's endpoint on the
   * earlier hosting's configuration, so deleting that update removes only its own configuration and
   * models, and the earlier hosting owns the endpoint again. Deleting a deleted (or cancelling)
   * hosting answers it as it is.
   */
  public Hosting delete(Caller caller, String name, String id) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Deleting a SageMaker hosting needs the ml-engineer or admin role; ask an admin of your"
              + " team");
    }
    Endpoint endpoint = endpoints.get(caller, name);
    Hosting h = get(caller, name, id);
    if (h.status() == Hosting.Status.DELETING
        || h.status() == Hosting.Status.DELETED
        || h.status() == Hosting.Status.CANCELLING) {
      return h;
    }
    if (h.status().inFlight()) {
      return cancel(caller, endpoint, h);
    }
    String url = "sagemaker://" + h.sageMakerEndpoint();
    boolean serving =
        endpoint.deployments().stream()
            .map(DeployedModel::backendUrl)
            .anyMatch(u -> u != null && (u.equals(url) || u.startsWith(url + "/")));
    if (serving) {
      throw ApiException.conflict(
          "Endpoint '"
              + endpoint.name()
              + "' serves from SageMaker endpoint '"
              + h.sageMakerEndpoint()
              + "'; move its traffic off it first (PUT /api/v1/endpoints/"
              + endpoint.name()
              + "/deployments), then delete the hosting");
    }
    if (!hostings.newestOf(h.sageMakerEndpoint(), id)) {
      throw ApiException.conflict(
          "A later hosting of SageMaker endpoint '"
              + h.sageMakerEndpoint()
              + "' owns it now; delete that one instead");
    }
    Hosting deleting =
        moved(caller, endpoint, id, () -> hostings.requestDeletion(endpoint.name(), id));
    if (deleting == null) {
      throw ApiException.conflict(
          "SageMaker hosting " + id + " is busy (a worker is running a step); retry in a minute");
    }
    count(meters, deleting);
    log.info(
        "SageMaker hosting {} of endpoint {}: deletion of SageMaker endpoint {} requested by {}",
        id,
        endpoint.name(),
        h.sageMakerEndpoint(),
        caller.subject());
    return deleting;
  }

  private Hosting cancel(Caller caller, Endpoint endpoint, Hosting h) {
    if (hostings.otherLiveHosting(h.sageMakerEndpoint(), h.id())) {
      throw ApiException.conflict(
          "SageMaker hosting "
              + h.id()
              + " updates SageMaker endpoint '"
              + h.sageMakerEndpoint()
              + "', which an earlier hosting created, and an update cannot be taken back; wait"
              + " until it is in service or has failed, then delete it or POST another hosting");
    }
    Hosting cancelling =
        moved(caller, endpoint, h.id(), () -> hostings.requestCancel(endpoint.name(), h.id()));
    if (cancelling == null) {
      throw ApiException.conflict(
          "SageMaker hosting "
              + h.id()
              + " is busy (a worker is running a step); retry in a minute");
    }
    count(meters, cancelling);
    log.info(
        "SageMaker hosting {} of endpoint {}: cancelled by {} while {}",
        h.id(),
        endpoint.name(),
        caller.subject(),
        h.status());
    return cancelling;
  }

  /**
   * Runs {@code move} and, when it moved the hosting, publishes the hosting as it now is, in one
   * transaction; the moved hosting, or null when {@code move} changed nothing.
   */
  private Hosting moved(Caller caller, Endpoint endpoint, String id, BooleanSupplier move) {
    return events.transaction(
        () -> {
          if (!move.getAsBoolean()) {
            return null;
          }
          Hosting now = get(caller, endpoint.name(), id);
          events.published(now);
          return now;
        });
  }

  public Hosting get(Caller caller, String name, String id) {
    Endpoint endpoint = endpoints.get(caller, name);
    return hostings
        .find(endpoint.name(), id)
        .orElseThrow(() -> ApiException.notFound("SageMaker hosting", id));
  }

  public HostingPage list(Caller caller, String name, int page, int size) {
    Endpoint endpoint = endpoints.get(caller, name);
    PageRequest request = new PageRequest(page, size);
    return new HostingPage(
        hostings.page(endpoint.name(), request.page(), request.size()),
        request.page(),
        request.size(),
        hostings.count(endpoint.name()));
  }

  /** Counts a hosting reaching its status. */
  static void count(MeterRegistry meters, Hosting h) {
    meters
        .counter(
            "aifactory.gateway.hosting.transitions",
            "team",
            h.team(),
            "endpoint",
            h.endpoint(),
            "status",
            h.status().name())
        .increment();
  }

  /**
   * A configuration name chosen when the hosting is requested, so a worker that crashed after
   * creating it recognises it; the endpoint part is shortened to stay within 63 characters.
   */
  static String configName(String smEndpoint, Instant at) {
    String base = smEndpoint.length() > 48 ? smEndpoint.substring(0, 48) : smEndpoint;
    return base + "-" + at.toEpochMilli();
  }

  private Optional<Submission> replay(String endpoint, String key, String hash) {
    return hostings
        .findByIdempotencyKey(endpoint, key)
        .map(
            first -> {
              if (!first.requestHash().equals(hash)) {
                throw ApiException.unprocessable(
                    "This Idempotency-Key was already used with a different request body for"
                        + " hosting "
                        + first.id()
                        + "; use a new key");
              }
              return new Submission(first, false);
            });
  }

  private static void inFlightConflict(Hosting h) {
    throw inFlightConflictOf(h);
  }

  private static ApiException inFlightConflictOf(Hosting h) {
    return ApiException.conflict(
        "Endpoint '"
            + h.endpoint()
            + "' already has SageMaker hosting "
            + h.id()
            + " in flight ("
            + h.status()
            + "); wait until it is IN_SERVICE, ROUTED or FAILED, then try again");
  }

  private List<HostingVariant> validated(
      Endpoint endpoint, String smEndpoint, HostingRequest request) {
    if (!SAGEMAKER_NAME.matcher(smEndpoint).matches()) {
      throw ApiException.badRequest(
          "sageMakerEndpoint",
          "must be 1-63 letters, digits or '-', starting and ending with a letter or digit"
              + " (SageMaker's endpoint name rule)");
    }
    List<HostingVariant> variants = request.variants();
    if (variants == null
        || variants.isEmpty()
        || variants.size() > EndpointManagement.MAX_VARIANTS) {
      throw ApiException.badRequest(
          "variants", "must list 1 to " + EndpointManagement.MAX_VARIANTS + " variants");
    }
    List<HostingVariant> valid = new ArrayList<>();
    Set<String> names = new HashSet<>();
    double total = 0;
    for (int i = 0; i < variants.size(); i++) {
      HostingVariant v = variants.get(i);
      String at = "variants[" + i + "]";
      if (v == null) {
        throw ApiException.badRequest(
            at,
            "must be {variant, version, image, modelDataUrl, executionRoleArn, instanceType,"
                + " instanceCount, weight}");
      }
      if (v.variant() == null || !VARIANT_NAME.matcher(v.variant()).matches()) {
        throw ApiException.badRequest(
            at + ".variant",
            "must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or"
                + " digit (a SageMaker variant name that is also a gateway variant name)");
      }
      if (!names.add(v.variant())) {
        throw ApiException.badRequest(at + ".variant", "variant '" + v.variant() + "' is repeated");
      }
      endpoints.knownVersion(endpoint, v.version(), at + ".version");
      requireText(v.image(), at + ".image", "must name the container image (an ECR URI)");
      requireText(
          v.modelDataUrl(), at + ".modelDataUrl", "must be the model artifact's S3 URL (s3://...)");
      if (!v.modelDataUrl().startsWith("s3://")) {
        throw ApiException.badRequest(
            at + ".modelDataUrl", "must be the model artifact's S3 URL (s3://bucket/key)");
      }
      requireText(
          v.executionRoleArn(),
          at + ".executionRoleArn",
          "must be the IAM role SageMaker runs the model as (arn:aws:iam::<account>:role/<name>)");
      if (!v.executionRoleArn().startsWith("arn:")) {
        throw ApiException.badRequest(
            at + ".executionRoleArn",
            "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
      }
      if (v.instanceType() == null || !INSTANCE_TYPE.matcher(v.instanceType()).matches()) {
        throw ApiException.badRequest(
            at + ".instanceType", "must be a SageMaker instance type, ml.<family>.<size>");
      }
      int count = v.instanceCount() == null ? 1 : v.instanceCount();
      if (count < 1 || count > MAX_INSTANCES) {
        throw ApiException.badRequest(
            at + ".instanceCount", "must be between 1 and " + MAX_INSTANCES);
      }
      double weight = v.weight() == null ? 1.0 : v.weight();
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw ApiException.badRequest(at + ".weight", "must be 0 or more");
      }
      total += weight;
      valid.add(
          new HostingVariant(
              v.variant(),
              v.version(),
              v.image().strip(),
              v.modelDataUrl().strip(),
              v.executionRoleArn().strip(),
              v.instanceType(),
              count,
              weight));
    }
    if (!(total > 0)) {
      throw ApiException.badRequest(
          "variants", "the weights are all 0: at least one variant must get traffic");
    }
    return valid;
  }

  private static void requireText(String value, String field, String message) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, message);
    }
  }

  private static String hash(String canonical) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
