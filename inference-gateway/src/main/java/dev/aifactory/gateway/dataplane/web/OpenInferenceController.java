package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.dataplane.FeatureEncoder;
import dev.aifactory.gateway.dataplane.InferenceRouter;
import dev.aifactory.gateway.dataplane.RateLimited;
import dev.aifactory.gateway.dataplane.ServingTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open Inference Protocol v2 (KServe) over REST. The model name is the endpoint name; versions are
 * the model versions deployed on it. Inference itself ({@code POST .../infer}) is {@link
 * OipInference}, served by {@link InferenceRoutes}.
 */
@RestController
class OpenInferenceController {

  private static final String PLATFORM = "xgboost";

  private final InferenceRouter router;
  private final ApplicationAvailability availability;
  private final String serverVersion;

  OpenInferenceController(
      InferenceRouter router,
      ApplicationAvailability availability,
      ObjectProvider<BuildProperties> build) {
    this.router = router;
    this.availability = availability;
    BuildProperties properties = build.getIfAvailable();
    this.serverVersion = properties == null ? "dev" : properties.getVersion();
  }

  @GetMapping("/v2/health/live")
  Map<String, Object> live() {
    return Map.of("live", true);
  }

  @GetMapping("/v2/health/ready")
  ResponseEntity<Map<String, Object>> ready() {
    boolean ready = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
    return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(Map.of("ready", ready));
  }

  @GetMapping("/v2")
  Map<String, Object> server() {
    return Map.of(
        "name", "aifactory-inference-gateway", "version", serverVersion, "extensions", List.of());
  }

  @GetMapping("/v2/models/{model}")
  Map<String, Object> model(@PathVariable String model, Caller caller) {
    return metadata(router.target(caller, model, null), model);
  }

  @GetMapping("/v2/models/{model}/versions/{version}")
  Map<String, Object> modelVersion(
      @PathVariable String model, @PathVariable int version, Caller caller) {
    return metadata(router.target(caller, model, version), model);
  }

  @GetMapping("/v2/models/{model}/ready")
  ResponseEntity<Map<String, Object>> modelReady(@PathVariable String model, Caller caller) {
    return readiness(router.target(caller, model, null), model);
  }

  @GetMapping("/v2/models/{model}/versions/{version}/ready")
  ResponseEntity<Map<String, Object>> modelVersionReady(
      @PathVariable String model, @PathVariable int version, Caller caller) {
    return readiness(router.target(caller, model, version), model);
  }

  private Map<String, Object> metadata(ServingTarget target, String model) {
    FeatureEncoder encoder = router.encoder(target);
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (int c = 0; c < encoder.size(); c++) {
      inputs.add(
          Map.of(
              "name",
              encoder.schema().get(c).name(),
              "datatype",
              encoder.isCategorical(c) ? "BYTES" : "FP64",
              "shape",
              List.of(-1)));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", model);
    metadata.put(
        "versions",
        target.endpoint().deployments().stream()
            .map(d -> Integer.toString(d.model().version()))
            .distinct()
            .toList());
    metadata.put("platform", PLATFORM);
    metadata.put("inputs", inputs);
    metadata.put(
        "outputs", List.of(Map.of("name", "predict", "datatype", "FP64", "shape", List.of(-1))));
    return metadata;
  }

  private ResponseEntity<Map<String, Object>> readiness(ServingTarget target, String model) {
    boolean ready = router.isReady(target);
    return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(Map.of("name", model, "ready", ready));
  }

  /** Handled here, before the shared problem handling, to add {@code Retry-After}. */
  @ExceptionHandler(RateLimited.class)
  ResponseEntity<ProblemDetail> rateLimited(RateLimited e) {
    return DataPlaneResponses.rateLimited(e);
  }
}
