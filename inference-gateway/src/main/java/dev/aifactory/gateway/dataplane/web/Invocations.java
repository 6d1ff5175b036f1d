package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.dataplane.InferenceResult;
import dev.aifactory.gateway.dataplane.InferenceRouter;
import dev.aifactory.gateway.dataplane.RoutingHints;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * SageMaker-runtime compatible {@code InvokeEndpoint}, so {@code SageMakerRuntimeClient} pointed at
 * the gateway works: JSON or CSV in, JSON ({@code {"predictions": [...]}}) or CSV out by {@code
 * Accept}. Served by {@link InferenceRoutes} for {@code POST /endpoints/{name}/invocations}.
 */
@Component
class Invocations {

  private static final MediaType CSV = MediaType.parseMediaType("text/csv");
  private static final String CSV_UTF8 = "text/csv;charset=UTF-8";

  private final InferenceRouter router;
  private final BodyReader bodies;
  private final AsyncAnswers answers;

  Invocations(InferenceRouter router, BodyReader bodies, AsyncAnswers answers) {
    this.router = router;
    this.bodies = bodies;
    this.answers = answers;
  }

  void invoke(
      String name, Caller caller, HttpServletRequest request, HttpServletResponse response) {
    long start = DataPlaneObservation.start(request);
    MediaType contentType = contentType(request.getContentType());
    byte[] body = bodies.read(request);
    CompletableFuture<InferenceResult> result =
        router.infer(
            caller,
            name,
            new RoutingHints(
                null,
                blankToNull(request.getHeader(InferenceRouter.TARGET_VARIANT)),
                request.getHeader(DataPlaneResponses.ROUTING_KEY)),
            DataPlaneResponses.requestId(),
            start,
            encoder ->
                (CSV.includes(contentType)
                        ? InvocationRows.fromCsv(body)
                        : InvocationRows.fromJson(bodies.json(body)))
                    .toMatrix(encoder));
    boolean csv = wantsCsv(request.getHeader(HttpHeaders.ACCEPT));
    answers.answer(request, response, result, r -> render(r, csv));
  }

  private static DataPlaneResponses.Answer render(InferenceResult result, boolean wantsCsv) {
    if (wantsCsv) {
      StringBuilder csv = new StringBuilder();
      for (double p : result.predictions()) {
        csv.append(p).append('\n');
      }
      return new DataPlaneResponses.Answer(result, CSV_UTF8, csv.toString());
    }
    return new DataPlaneResponses.Answer(
        result, MediaType.APPLICATION_JSON_VALUE, predictionsJson(result.predictions()));
  }

  /**
   * {@code {"predictions":[...]}}, written by hand when every score is finite (the numbers as
   * Jackson writes them, {@link Double#toString}); otherwise the map, for Jackson to write
   * non-finite values its way. Serialising the map was 3 % of the data plane's profile.
   */
  static Object predictionsJson(double[] predictions) {
    StringBuilder json =
        new StringBuilder(16 + 20 * predictions.length).append("{\"predictions\":[");
    for (int i = 0; i < predictions.length; i++) {
      if (!Double.isFinite(predictions[i])) {
        List<Double> values = new ArrayList<>(predictions.length);
        for (double p : predictions) {
          values.add(p);
        }
        return Map.of("predictions", values);
      }
      if (i > 0) {
        json.append(',');
      }
      json.append(predictions[i]);
    }
    return json.append("]}").toString();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static MediaType contentType(String header) {
    if (header == null || header.isBlank() || isJson(header)) {
      return MediaType.APPLICATION_JSON;
    }
    MediaType type;
    try {
      type = MediaType.parseMediaType(header);
    } catch (IllegalArgumentException e) {
      throw unsupported(header);
    }
    if (MediaType.APPLICATION_JSON.includes(type) || CSV.includes(type)) {
      return type;
    }
    throw unsupported(header);
  }

  /** {@code application/json} with or without parameters, without parsing (the common case). */
  private static boolean isJson(String header) {
    int length = "application/json".length();
    return header.regionMatches(true, 0, "application/json", 0, length)
        && (header.length() == length || header.charAt(length) == ';');
  }

  private static ApiException unsupported(String header) {
    return new ApiException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Content-Type '" + header + "' is not supported; send application/json or text/csv",
        List.of(new ApiException.FieldProblem("Content-Type", "use application/json or text/csv")));
  }

  private static boolean wantsCsv(String accept) {
    if (accept == null || accept.isBlank() || isJson(accept) || accept.equals("*/*")) {
      return false;
    }
    List<MediaType> types;
    try {
      types = MediaType.parseMediaTypes(accept);
    } catch (IllegalArgumentException e) {
      return false;
    }
    types = new ArrayList<>(types);
    types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
    for (MediaType type : types) {
      if (type.isWildcardType()) {
        return false;
      }
      if (CSV.includes(type)) {
        return true;
      }
      if (MediaType.APPLICATION_JSON.includes(type)) {
        return false;
      }
    }
    return false;
  }
}
