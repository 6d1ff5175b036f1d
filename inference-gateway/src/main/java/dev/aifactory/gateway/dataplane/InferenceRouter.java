package dev.aifactory.gateway.dataplane;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.capture.CaptureQueue;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.Endpoints;
import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  private final Endpoints endpoints;
  private final ModelBackend backend;
  private final CaptureQueue captures;
  private final MeterRegistry meters;
  private final Map<ModelKey, FeatureEncoder> encoders = new ConcurrentHashMap<>();

  public InferenceRouter(
      Endpoints endpoints, ModelBackend backend, CaptureQueue captures, MeterRegistry meters) {
    this.endpoints = endpoints;
    this.backend = backend;
    this.captures = captures;
    this.meters = meters;
  }

  /** The caller's endpoint; another team's endpoint is as unknown as a missing one. */
  public Endpoint endpoint(Caller caller, String name) {
    return endpoints
        .find(name)
        .filter(e -> caller.owns(e.team()))
        .orElseThrow(() -> ApiException.notFound("Model", name));
  }

  /**
   * Chooses the deployment answering a request; {@code version} (nullable) pins a deployed version.
   */
  public ServingTarget target(Caller caller, String name, Integer version) {
    return target(endpoint(caller, name), version);
  }

  private ServingTarget target(Endpoint endpoint, Integer version) {
    String name = endpoint.name();
    if (!endpoint.isDeployed()) {
      throw notDeployed(endpoint);
    }
    List<DeployedModel> candidates =
        version == null
            ? endpoint.deployments()
            : endpoint.deployments().stream().filter(d -> d.model().version() == version).toList();
    if (candidates.isEmpty()) {
      throw ApiException.notFound("Model version", name + "/" + version);
    }
    return new ServingTarget(endpoint, pick(candidates));
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
   */
  public InferenceResult infer(
      Caller caller,
      String name,
      Integer version,
      String requestId,
      long startNanos,
      Function<FeatureEncoder, FeatureMatrix> parse) {
    Endpoint endpoint = null;
    ServingTarget target = null;
    try {
      endpoint = endpoint(caller, name);
      target = target(endpoint, version);
      FeatureMatrix matrix = parse.apply(encoder(target));
      long before = System.nanoTime();
      double[] scores;
      try {
        scores =
            backend.predict(
                target.deployment().model().servable(),
                matrix.values(),
                matrix.rows(),
                matrix.columns());
      } catch (ModelUnavailableException e) {
        throw new ApiException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "model-unavailable",
            "The model of endpoint '" + name + "' cannot be loaded right now; retry later",
            List.of());
      }
      long after = System.nanoTime();
      InferenceResult result =
          new InferenceResult(target, scores, after - before, after - startNanos);
      record(caller, name, target, 200, result.totalNanos());
      meters
          .timer("aifactory.gateway.overhead", "endpoint", name)
          .record(result.overheadNanos(), TimeUnit.NANOSECONDS);
      capture(target, matrix, result, requestId);
      return result;
    } catch (ApiException e) {
      record(
          caller, endpoint == null ? null : name, target, e.status().value(), elapsed(startNanos));
      throw e;
    }
  }

  private void capture(
      ServingTarget target, FeatureMatrix matrix, InferenceResult result, String requestId) {
    double rate = target.endpoint().captureSampleRate();
    if (rate <= 0 || ThreadLocalRandom.current().nextDouble() >= rate) {
      return;
    }
    Instant now = Instant.now();
    DeployedModel deployment = target.deployment();
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
              result.predictions()[row]));
    }
  }

  private void record(
      Caller caller, String endpoint, ServingTarget target, int status, long nanos) {
    // Unknown endpoint names are not tags: callers choose them, so they would explode cardinality.
    Timer.builder("aifactory.gateway.requests")
        .tag("team", caller.team() == null ? NONE : caller.team())
        .tag("endpoint", endpoint == null ? "unknown" : endpoint)
        .tag("model", target == null ? NONE : target.deployment().model().modelGroup())
        .tag("version", target == null ? NONE : Integer.toString(target.version()))
        .tag("variant", target == null ? NONE : target.variant())
        .tag("status", Integer.toString(status))
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private static long elapsed(long startNanos) {
    return System.nanoTime() - startNanos;
  }

  private static DeployedModel pick(List<DeployedModel> candidates) {
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    double total = candidates.stream().mapToDouble(d -> Math.max(0, d.weight())).sum();
    if (total <= 0) {
      return candidates.get(0);
    }
    double draw = ThreadLocalRandom.current().nextDouble(total);
    for (DeployedModel d : candidates) {
      draw -= Math.max(0, d.weight());
      if (draw < 0) {
        return d;
      }
    }
    return candidates.get(candidates.size() - 1);
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
