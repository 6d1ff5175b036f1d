package dev.aifactory.gateway.dataplane;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.ShadowResult;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.capture.CaptureQueue;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.Routes;
import dev.aifactory.gateway.serving.BackendFailure;
import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The data plane's application service: finds the caller's endpoint, picks a deployment by weight,
 * encodes the request with that model's feature schema, predicts, samples the rows for capture and
 * records the metrics. Protocol adapters (OIP, SageMaker) only parse and render.
 */
@Service
public class InferenceRouter {

  private static final String NONE = "none";

  /** The SageMaker-runtime header that names the variant to invoke. */
  public static final String TARGET_VARIANT = "X-Amzn-SageMaker-Target-Variant";

  private final Routes routes;
  private final ModelBackend backend;
  private final CaptureQueue captures;
  private final RateLimiter limiter;
  private final ShadowMirror shadows;
  private final MeterRegistry meters;
  private final Map<ModelKey, FeatureEncoder> encoders = new ConcurrentHashMap<>();
  private final Map<RequestTags, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, Timer> overheadTimers = new ConcurrentHashMap<>();
  private final Map<String, io.micrometer.core.instrument.Counter> fallbacks =
      new ConcurrentHashMap<>();

  public InferenceRouter(
      Routes routes,
      ModelBackend backend,
      CaptureQueue captures,
      RateLimiter limiter,
      ShadowMirror shadows,
      MeterRegistry meters) {
    this.limiter = limiter;
    this.shadows = shadows;
    this.routes = routes;
    this.backend = backend;
    this.captures = captures;
    this.meters = meters;
  }

  /**
   * The caller's endpoint from the in-memory routing table (no I/O); another team's endpoint is as
   * unknown as a missing one.
   */
  public Endpoint endpoint(Caller caller, String name) {
    return routes
        .find(name)
        .filter(e -> caller.owns(e.team()))
        .orElseThrow(() -> ApiException.notFound("Model", name));
  }

  /**
   * Chooses the deployment answering a request; {@code version} (nullable) pins a deployed version.
   */
  public ServingTarget target(Caller caller, String name, Integer version) {
    return target(endpoint(caller, name), new RoutingHints(version, null, null));
  }

  private ServingTarget target(Endpoint endpoint, RoutingHints hints) {
    String name = endpoint.name();
    if (!endpoint.isDeployed()) {
      throw notDeployed(endpoint);
    }
    List<DeployedModel> candidates = endpoint.deployments();
    String variant = hints.variant();
    if (variant == null && endpoint.hasShadows()) {
      // Shadows answer no request unless a caller pins one by name.
      candidates = candidates.stream().filter(d -> !d.isShadow()).toList();
    }
    if (variant == null && candidates.size() > 1) {
      // A remote variant whose health check fails gets no requests while another can take them.
      List<DeployedModel> ready =
          candidates.stream().filter(d -> backend.isReady(d.servable())).toList();
      if (!ready.isEmpty()) {
        candidates = ready;
      }
    }
    Integer version = hints.version();
    if (version != null) {
      candidates = candidates.stream().filter(d -> d.model().version() == version).toList();
      if (candidates.isEmpty()) {
        throw ApiException.notFound("Model version", name + "/" + version);
      }
    }
    if (variant != null) {
      candidates = candidates.stream().filter(d -> d.variant().equals(variant)).toList();
      if (candidates.isEmpty()) {
        throw ApiException.badRequest(
            TARGET_VARIANT,
            "endpoint '"
                + name
                + "' has no variant '"
                + variant
                + "'; its variants are "
                + endpoint.deployments().stream().map(DeployedModel::variant).toList());
      }
    }
    return new ServingTarget(endpoint, pick(candidates, hints.key()));
  }

  /**
   * The backend's answer for one target; never throws. A model that cannot be loaded becomes a 503
   * problem here, backend failures stay {@link BackendFailure}s for the fallback decision.
   */
  private CompletableFuture<Scored> predict(ServingTarget target, FeatureMatrix matrix) {
    return backend
        .predictAsync(
            target.deployment().servable(), matrix.values(), matrix.rows(), matrix.columns())
        .handle(
            (scores, error) -> {
              if (error == null) {
                return new Scored(target, matrix, scores);
              }
              Throwable cause = unwrap(error);
              if (cause instanceof ModelUnavailableException) {
                throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "model-unavailable",
                    "The model of endpoint '"
                        + target.endpoint().name()
                        + "' cannot be loaded right now; retry later",
                    List.of());
              }
              throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            });
  }

  /** The target that answered, the matrix it was given, and its scores. */
  private record Scored(ServingTarget target, FeatureMatrix matrix, double[] scores) {}

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The serving variant with the most weight other than the failed one, if any. */
  private ServingTarget fallback(ServingTarget failed) {
    return failed.endpoint().deployments().stream()
        .filter(d -> !d.isShadow() && d != failed.deployment())
        .filter(d -> backend.isReady(d.servable()))
        .max(java.util.Comparator.comparingDouble(DeployedModel::weight))
        .map(d -> new ServingTarget(failed.endpoint(), d))
        .orElse(null);
  }

  private static ApiException unavailable(String endpoint, BackendFailure failure) {
    HttpStatus status =
        switch (failure.kind()) {
          case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
          case FAILED -> HttpStatus.BAD_GATEWAY;
          default -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    String slug =
        switch (failure.kind()) {
          case TIMEOUT -> "backend-timeout";
          case FAILED -> "backend-failed";
          case THROTTLED -> "backend-throttled";
          case OPEN -> "backend-circuit-open";
          case NOT_READY -> "backend-not-ready";
        };
    ApiException e =
        new ApiException(
            status,
            slug,
            "The model server behind endpoint '" + endpoint + "' failed: " + failure.getMessage(),
            List.of());
    return failure.retryAfterSeconds() > 0
        ? e.withHeader("Retry-After", Long.toString(failure.retryAfterSeconds()))
        : e;
  }

  /** True if the endpoint has a deployment and its model is loaded. */
  public boolean isReady(ServingTarget target) {
    return backend.isLoaded(target.deployment().model().key());
  }

  public FeatureEncoder encoder(ServingTarget target) {
    return encoders.computeIfAbsent(
        target.deployment().model().key(),
        k -> new FeatureEncoder(target.deployment().model().featureSchema()));
  }

  /**
   * Serves one request. {@code parse} turns the protocol's body into a matrix with the chosen
   * model's encoder; {@code startNanos} is when the request reached the gateway.
   *
   * <p>Never throws: the future completes with the result or exceptionally with an {@link
   * ApiException} (bad input, unknown endpoint, quota, backend failure as 502/503/504) or {@link
   * RateLimited}. For in-process models it is complete when this returns (scoring ran on the
   * calling thread); for remote ones it completes on the backend client's I/O thread, where only
   * non-blocking work follows (metrics, capture queue, shadow hand-off).
   */
  public CompletableFuture<InferenceResult> infer(
      Caller caller,
      String name,
      RoutingHints hints,
      String requestId,
      long startNanos,
      Function<FeatureEncoder, FeatureMatrix> parse) {
    Endpoint endpoint;
    ServingTarget target;
    FeatureMatrix matrix;
    try {
      endpoint = endpoint(caller, name);
    } catch (ApiException e) {
      record(caller, null, null, e.status().value(), elapsed(startNanos));
      return CompletableFuture.failedFuture(e);
    }
    try {
      // After the ownership check, so a quota answer never reveals another team's endpoint.
      limiter.acquire(endpoint);
      target = target(endpoint, hints);
    } catch (ApiException e) {
      record(caller, name, null, e.status().value(), elapsed(startNanos));
      return CompletableFuture.failedFuture(e);
    }
    try {
      matrix = parse.apply(encoder(target));
    } catch (ApiException e) {
      record(caller, name, target, e.status().value(), elapsed(startNanos));
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      record(caller, name, target, 500, elapsed(startNanos));
      return CompletableFuture.failedFuture(e);
    }
    ServingTarget primary = target;
    long before = System.nanoTime();
    return predict(primary, matrix)
        .exceptionallyCompose(error -> fallbackOrFail(name, primary, matrix, hints, parse, error))
        .thenApply(
            scored -> {
              long after = System.nanoTime();
              InferenceResult result =
                  new InferenceResult(
                      scored.target(), scored.scores(), after - before, after - startNanos);
              record(caller, name, scored.target(), 200, result.totalNanos());
              overheadTimers
                  .computeIfAbsent(
                      name, n -> meters.timer("aifactory.gateway.overhead", "endpoint", n))
                  .record(result.overheadNanos(), TimeUnit.NANOSECONDS);
              mirrorAndCapture(scored.target(), scored.matrix(), result, requestId);
              return result;
            })
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                Throwable cause = unwrap(error);
                int status = cause instanceof ApiException api ? api.status().value() : 500;
                record(caller, name, primary, status, elapsed(startNanos));
              }
            });
  }

  /**
   * After a backend failure: the next variant answers if the primary's call was never attempted
   * (breaker open, not ready) and the caller pinned no variant; otherwise the failure becomes a
   * 502/503/504 problem.
   */
  private CompletableFuture<Scored> fallbackOrFail(
      String name,
      ServingTarget failed,
      FeatureMatrix matrix,
      RoutingHints hints,
      Function<FeatureEncoder, FeatureMatrix> parse,
      Throwable error) {
    Throwable cause = unwrap(error);
    if (!(cause instanceof BackendFailure failure)) {
      return CompletableFuture.failedFuture(cause);
    }
    ServingTarget fallback =
        failure.notAttempted() && hints.variant() == null ? fallback(failed) : null;
    if (fallback == null) {
      return CompletableFuture.failedFuture(unavailable(name, failure));
    }
    // The primary's breaker is open (or it is not ready): the next variant answers instead.
    fallbacks
        .computeIfAbsent(
            name,
            n ->
                meters.counter(
                    "aifactory.gateway.fallbacks",
                    "team",
                    fallback.endpoint().team(),
                    "endpoint",
                    n))
        .increment();
    FeatureMatrix fallbackMatrix;
    try {
      fallbackMatrix =
          fallback.deployment().model().featureSchema().equals(matrix.encoder().schema())
              ? matrix
              : parse.apply(encoder(fallback));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return predict(fallback, fallbackMatrix)
        .exceptionallyCompose(
            second -> {
              Throwable c = unwrap(second);
              return CompletableFuture.failedFuture(
                  c instanceof BackendFailure f ? unavailable(name, f) : c);
            });
  }

  /**
   * Copies the request to the endpoint's shadows (never waiting for them) and samples it for
   * capture; a captured request that was mirrored is queued once the first shadow's answer (or
   * failure) is known, so the record carries it.
   */
  private void mirrorAndCapture(
      ServingTarget target, FeatureMatrix matrix, InferenceResult result, String requestId) {
    boolean captured = sampled(target.endpoint().captureSampleRate());
    boolean deferred =
        target.endpoint().hasShadows()
            && shadows.mirror(
                target,
                matrix,
                result.predictions(),
                result.backendNanos(),
                captured ? results -> capture(target, matrix, result, requestId, results) : null);
    if (captured && !deferred) {
      capture(target, matrix, result, requestId, null);
    }
  }

  private static boolean sampled(double rate) {
    return rate > 0 && (rate >= 1 || ThreadLocalRandom.current().nextDouble() < rate);
  }

  /**
   * Queues the request's rows for monitoring; {@code shadow} (nullable) holds a shadow variant's
   * answer per row, so monitoring can compute prediction agreement.
   */
  private void capture(
      ServingTarget target,
      FeatureMatrix matrix,
      InferenceResult result,
      String requestId,
      ShadowResult[] shadow) {
    Instant now = Instant.now();
    DeployedModel deployment = target.deployment();
    double rate = target.endpoint().captureSampleRate();
    for (int row = 0; row < matrix.rows(); row++) {
      captures.offer(
          target.endpoint().team(),
          new CapturedInference(
              requestId,
              target.endpoint().name(),
              deployment.variant(),
              deployment.model().modelGroup(),
              deployment.model().version(),
              now,
              result.latencyMillis(),
              result.overheadMillis(),
              200,
              matrix.features(row),
              result.predictions()[row],
              rate,
              shadow == null ? null : shadow[row]));
    }
  }

  private void record(
      Caller caller, String endpoint, ServingTarget target, int status, long nanos) {
    // Unknown endpoint names are not tags: callers choose them, so they would explode cardinality.
    RequestTags tags =
        new RequestTags(
            caller.team() == null ? NONE : caller.team(),
            endpoint == null ? "unknown" : endpoint,
            target == null ? NONE : target.deployment().model().modelGroup(),
            target == null ? NONE : Integer.toString(target.version()),
            target == null ? NONE : target.variant(),
            status);
    requestTimers.computeIfAbsent(tags, this::requestTimer).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The tags of one request timer. Timers are kept per tag set because looking a meter up by its
   * tags (building, sorting and hashing a {@code Meter.Id}) showed up in the hot path's profile.
   */
  private record RequestTags(
      String team, String endpoint, String model, String version, String variant, int status) {}

  private Timer requestTimer(RequestTags t) {
    return Timer.builder("aifactory.gateway.requests")
        .tag("team", t.team())
        .tag("endpoint", t.endpoint())
        .tag("model", t.model())
        .tag("version", t.version())
        .tag("variant", t.variant())
        .tag("status", Integer.toString(t.status()))
        .register(meters);
  }

  private static long elapsed(long startNanos) {
    return System.nanoTime() - startNanos;
  }

  /**
   * Picks a deployment by weight: at random, or, when the request carries a routing key, by the
   * key's hash, so the same key keeps landing on the same variant while the weights stay the same.
   */
  private static DeployedModel pick(List<DeployedModel> candidates, String routingKey) {
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    double total = candidates.stream().mapToDouble(d -> Math.max(0, d.weight())).sum();
    if (total <= 0) {
      return candidates.get(0);
    }
    double unit =
        routingKey == null || routingKey.isEmpty()
            ? ThreadLocalRandom.current().nextDouble()
            : unitHash(routingKey);
    double draw = unit * total;
    for (DeployedModel d : candidates) {
      draw -= Math.max(0, d.weight());
      if (draw < 0) {
        return d;
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  /** The key spread evenly over [0, 1): String.hashCode mixed by SplitMix64's finalizer. */
  static double unitHash(String key) {
    long z = key.hashCode() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  private static ApiException notDeployed(Endpoint endpoint) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "not-deployed",
        "Endpoint '"
            + endpoint.name()
            + "' has no model deployed yet: it serves the champion of model group '"
            + endpoint.modelGroup()
            + "', and none has been promoted. Train a version of '"
            + endpoint.modelGroup()
            + "' and get it approved (it becomes champion and is deployed here), then retry",
        List.of());
  }
}
