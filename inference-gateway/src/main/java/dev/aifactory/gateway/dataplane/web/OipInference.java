package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.dataplane.InferenceResult;
import dev.aifactory.gateway.dataplane.InferenceRouter;
import dev.aifactory.gateway.dataplane.RoutingHints;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Open Inference Protocol v2 inference: {@code POST /v2/models/{model}[/versions/{version}]/infer},
 * served by {@link InferenceRoutes}. The model name is the endpoint name; a version pins the
 * deployment of that model version.
 */
@Component
class OipInference {

  private final InferenceRouter router;
  private final BodyReader bodies;
  private final AsyncAnswers answers;

  OipInference(InferenceRouter router, BodyReader bodies, AsyncAnswers answers) {
    this.router = router;
    this.bodies = bodies;
    this.answers = answers;
  }

  void infer(
      String model,
      Integer version,
      Caller caller,
      HttpServletRequest request,
      HttpServletResponse response) {
    long start = DataPlaneObservation.start(request);
    byte[] body = bodies.read(request);
    String requestId = DataPlaneResponses.requestId();
    OipRequest[] parsed = new OipRequest[1];
    CompletableFuture<InferenceResult> future =
        router.infer(
            caller,
            model,
            new RoutingHints(version, null, request.getHeader(DataPlaneResponses.ROUTING_KEY)),
            requestId,
            start,
            encoder -> {
              parsed[0] = OipRequest.parse(bodies.json(body));
              return parsed[0].toMatrix(encoder);
            });
    answers.answer(
        request, response, future, result -> render(result, model, requestId, parsed[0]));
  }

  private static DataPlaneResponses.Answer render(
      InferenceResult result, String model, String requestId, OipRequest parsed) {
    List<Double> data = new ArrayList<>(result.predictions().length);
    for (double p : result.predictions()) {
      data.add(p);
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("name", "predict");
    output.put("datatype", "FP64");
    output.put("shape", List.of(data.size()));
    output.put("data", data);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("model_name", model);
    response.put("model_version", Integer.toString(result.target().version()));
    response.put("id", parsed.id() == null ? requestId : parsed.id());
    response.put("outputs", List.of(output));
    return new DataPlaneResponses.Answer(result, MediaType.APPLICATION_JSON_VALUE, response);
  }
}
