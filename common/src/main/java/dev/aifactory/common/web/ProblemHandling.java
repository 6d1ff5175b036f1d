package dev.aifactory.common.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves the API as RFC 9457 problem+json: validation with a field-level {@code errors}
 * list, bad input as 4xx, and never a stack trace.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandling extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    var response = ResponseEntity.status(e.status());
    e.headers().forEach((name, value) -> response.header(name, value));
    return response.body(Problems.of(e.status(), e.slug(), e.getMessage(), e.errors()));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
    List<ApiException.FieldProblem> errors =
        e.getConstraintViolations().stream()
            .map(
                v ->
                    new ApiException.FieldProblem(
                        lastNode(v.getPropertyPath().toString()), v.getMessage()))
            .toList();
    return ResponseEntity.badRequest()
        .body(
            Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "The request is invalid", errors));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    String message = "has an invalid value '" + e.getValue() + "'";
    return ResponseEntity.badRequest()
        .body(
            Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "Parameter '" + e.getName() + "' " + message,
                List.of(new ApiException.FieldProblem(e.getName(), message))));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected error", e);
    return ResponseEntity.internalServerError()
        .body(
            Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "An unexpected error occurred; quote the requestId when reporting it",
                List.of()));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<ApiException.FieldProblem> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(f -> new ApiException.FieldProblem(f.getField(), f.getDefaultMessage()))
            .toList();
    return ResponseEntity.badRequest()
        .body(
            Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "The request is invalid", errors));
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      org.springframework.web.multipart.MaxUploadSizeExceededException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String message =
        "is larger than the upload limit"
            + (ex.getMaxUploadSize() > 0 ? " of " + ex.getMaxUploadSize() + " bytes" : "")
            + "; split the file or ask an admin to raise spring.servlet.multipart.max-file-size";
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .body(
            Problems.of(
                HttpStatus.CONTENT_TOO_LARGE,
                "too-large",
                "The upload " + message,
                List.of(new ApiException.FieldProblem("file", message))));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest()
        .body(
            Problems.of(
                HttpStatus.BAD_REQUEST,
                "unreadable-body",
                "The request body is not valid JSON for this operation: " + rootMessage(ex),
                List.of()));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem
        && problem.getType().toString().equals("about:blank")) {
      ProblemDetail typed =
          Problems.of(statusCode, "http-" + statusCode.value(), problem.getDetail(), List.of());
      return new ResponseEntity<>(typed, headers, statusCode);
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    // Parser messages can quote the whole input; keep the first line only.
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot >= 0 ? path.substring(dot + 1) : path;
  }
}
