package dev.aifactory.dashboard.services;

/**
 * A service call that did not give an answer the page can use, described in words for the user:
 * which service, what it said (the problem document's detail and field errors), never a stack
 * trace. {@code status} is the HTTP status, or 0 when the service could not be reached.
 */
public class ApiFailure extends RuntimeException {

  /** One field the service named in its problem document, with what is wrong with it. */
  public record FieldError(String field, String message) {}

  private final String service;
  private final int status;
  private final java.util.List<FieldError> fieldErrors;

  public ApiFailure(String service, int status, String message) {
    this(service, status, message, java.util.List.of());
  }

  public ApiFailure(
      String service, int status, String message, java.util.List<FieldError> fieldErrors) {
    super(message);
    this.service = service;
    this.status = status;
    this.fieldErrors = java.util.List.copyOf(fieldErrors);
  }

  /** The problem document's {@code errors}, for forms that show each next to its field. */
  public java.util.List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  public String service() {
    return service;
  }

  public int status() {
    return status;
  }

  /** 404: the object is absent, or (for a route another service is still adding) the route is. */
  public boolean notFound() {
    return status == 404;
  }

  public boolean unauthorized() {
    return status == 401;
  }
}
