package dev.aifactory.common.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A client-facing failure rendered as RFC 9457 problem+json. Throw it from application code; the
 * message is shown to the caller, so it says what is wrong and what to do next.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String slug;
  private final List<FieldProblem> errors;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ApiException(HttpStatus status, String slug, String detail, List<FieldProblem> errors) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.errors = List.copyOf(errors);
  }

  /** One field at fault: {@code field} is a JSON path or parameter name. */
  public record FieldProblem(String field, String message) {}

  public static ApiException badRequest(String field, String message) {
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid-input",
        message,
        List.of(new FieldProblem(field, message)));
  }

  public static ApiException invalid(String detail, List<FieldProblem> errors) {
    return new ApiException(HttpStatus.BAD_REQUEST, "invalid-input", detail, errors);
  }

  /** 404 for missing resources and for resources of other teams alike. */
  public static ApiException notFound(String resource, String id) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "not-found", resource + " '" + id + "' was not found", List.of());
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "conflict", detail, List.of());
  }

  public static ApiException unprocessable(String detail) {
    return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", detail, List.of());
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, "forbidden", detail, List.of());
  }

  /** 429 with {@code Retry-After} in whole seconds (at least 1). */
  public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", detail, List.of())
        .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
  }

  public static ApiException payloadTooLarge(String detail) {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", detail, List.of());
  }

  /**
   * Adds a response header (e.g. {@code Retry-After}, {@code Location}) to the problem response.
   */
  public ApiException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Response headers to send with the problem, in insertion order. */
  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  public HttpStatus status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public List<FieldProblem> errors() {
    return errors;
  }
}
