package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.Problems;
import dev.aifactory.common.web.RequestIdFilter;
import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.dataplane.RateLimited;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a data-plane request from the router's future without holding the servlet thread while a
 * remote model server works.
 *
 * <p>A future that is already complete (in-process models: scoring ran on the request thread) is
 * written at once, on the request thread: no async machinery on the hot path. A future still
 * running (a remote backend) puts the request in servlet async mode and the servlet thread returns
 * to the pool; when the future completes, the answer — or the problem+json for a failure, in the
 * same shape as the shared problem handling — is written straight to the async context and the
 * request completed. There is deliberately no second (ASYNC) dispatch through the filter chain and
 * {@code DispatcherServlet}: security, request id and the observation filter (with the request's
 * arrival time) already ran on the first dispatch, and dispatching again cost as much CPU as the
 * whole request (the remote benchmark halved). The observation of the request ends when the async
 * context completes.
 *
 * <p>The router's futures always complete (backends time out on their own), but a request never
 * hangs even if one did not: after {@link #timeoutMillis} it gets a 504 problem.
 */
@Component
class AsyncAnswers {

  private static final Logger log = LoggerFactory.getLogger(AsyncAnswers.class);

  private final JsonMapper json;
  private final long timeoutMillis;

  AsyncAnswers(GatewayProperties properties, JsonMapper json) {
    this.json = json;
    GatewayProperties.Remote remote = properties.remote();
    // Longest legitimate wait: each attempt (first + retries) of a primary and a fallback variant,
    // each a connect plus a full timeout; the backends' own timeouts fire well before this.
    Duration attempt = remote.timeout().plus(remote.connectTimeout());
    this.timeoutMillis =
        attempt.multipliedBy(2L * (1 + Math.max(0, remote.retries()))).toMillis() + 1_000;
  }

  /**
   * Answers {@code future}: written now if it is complete, else after switching the request to
   * async mode, when it completes. A failure already known (the future completed exceptionally) is
   * thrown, for the caller's problem handling.
   */
  <T> void answer(
      HttpServletRequest request,
      HttpServletResponse response,
      CompletableFuture<T> future,
      Function<T, DataPlaneResponses.Answer> render) {
    if (future.isDone()) {
      T value;
      try {
        value = future.join();
      } catch (CompletionException e) {
        throw rethrowable(e.getCause());
      }
      // Written here rather than returned to Spring MVC: its return-value handling (message
      // converter selection, content negotiation) cost more than the answer's serialization.
      try {
        write(response, render.apply(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    // Captured now: the answer is written on the backend client's thread, which has no MDC.
    String requestId = MDC.get(RequestIdFilter.MDC_KEY);
    URI instance = URI.create(request.getRequestURI());
    // With the request and response as this handler sees them, so the answer goes through the
    // same response (and its wrappers) a synchronous answer would.
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(timeoutMillis);
    AtomicBoolean answered = new AtomicBoolean();
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) {
            finish(
                async,
                answered,
                () -> problem(timedOut(timeoutMillis), requestId, instance),
                requestId);
          }

          @Override
          public void onError(AsyncEvent event) {
            // The client went away or the connection failed: nothing left to answer.
            answered.set(true);
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    future.whenComplete(
        (value, error) ->
            finish(
                async,
                answered,
                () ->
                    error == null
                        ? render.apply(value)
                        : problem(unwrap(error), requestId, instance),
                requestId));
  }

  /**
   * Answers a request that failed on the request thread with the problem the shared problem
   * handling would give ({@code ProblemHandling}): the status, headers and problem+json of an
   * {@link ApiException} (429 with {@code Retry-After} for {@link RateLimited}), else a 500 that
   * quotes the request id. Nothing is written if the response is already committed.
   */
  void fail(HttpServletRequest request, HttpServletResponse response, RuntimeException failure)
      throws IOException {
    String requestId = MDC.get(RequestIdFilter.MDC_KEY);
    if (response.isCommitted()) {
      log.debug("Could not answer request {}: response already committed", requestId, failure);
      return;
    }
    response.resetBuffer();
    write(response, problem(unwrap(failure), requestId, URI.create(request.getRequestURI())));
  }

  /** Writes the answer once (the backend's or the timeout's, whichever comes first). */
  private void finish(
      AsyncContext async,
      AtomicBoolean answered,
      java.util.function.Supplier<Object> answer,
      String requestId) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    try {
      Object entity;
      try {
        entity = answer.get();
      } catch (RuntimeException e) {
        entity = problem(e, requestId, null);
      }
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      if (entity instanceof DataPlaneResponses.Answer success) {
        write(response, success);
      } else {
        write(response, (ResponseEntity<?>) entity);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Could not write the answer of request {}", requestId, e);
    } finally {
      async.complete();
    }
  }

  private void write(HttpServletResponse response, DataPlaneResponses.Answer answer)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    DataPlaneResponses.writeHeaders(response, answer.result());
    byte[] bytes =
        answer.body() instanceof String text
            ? text.getBytes(StandardCharsets.UTF_8)
            : json.writeValueAsBytes(answer.body());
    response.setContentType(answer.contentType());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private void write(HttpServletResponse response, ResponseEntity<?> entity) throws IOException {
    response.setStatus(entity.getStatusCode().value());
    HttpHeaders headers = entity.getHeaders();
    headers.forEach(
        (name, values) -> {
          if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
            values.forEach(v -> response.addHeader(name, v));
          }
        });
    Object body = entity.getBody();
    MediaType type = headers.getContentType();
    byte[] bytes;
    if (body == null) {
      bytes = new byte[0];
    } else if (body instanceof String text) {
      bytes = text.getBytes(StandardCharsets.UTF_8);
      type = new MediaType(type == null ? MediaType.TEXT_PLAIN : type, StandardCharsets.UTF_8);
    } else if (body instanceof ProblemDetail problem) {
      bytes = json.writeValueAsBytes(flatten(problem));
      type = MediaType.APPLICATION_PROBLEM_JSON;
    } else {
      bytes = json.writeValueAsBytes(body);
      type = type == null ? MediaType.APPLICATION_JSON : type;
    }
    if (type != null) {
      response.setContentType(type.toString());
    }
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The problem document as the shared problem handling renders it (properties at top level). */
  private static Map<String, Object> flatten(ProblemDetail problem) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", problem.getType().toString());
    fields.put("title", problem.getTitle());
    fields.put("status", problem.getStatus());
    if (problem.getDetail() != null) {
      fields.put("detail", problem.getDetail());
    }
    if (problem.getInstance() != null) {
      fields.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      fields.putAll(problem.getProperties());
    }
    return fields;
  }

  /** What the shared problem handling answers for this failure, with its headers. */
  private static ResponseEntity<?> problem(Throwable failure, String requestId, URI instance) {
    ResponseEntity<ProblemDetail> entity;
    if (failure instanceof RateLimited limited) {
      entity = DataPlaneResponses.rateLimited(limited);
    } else if (failure instanceof ApiException e) {
      ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.status());
      e.headers().forEach(builder::header);
      entity = builder.body(Problems.of(e.status(), e.slug(), e.getMessage(), e.errors()));
    } else {
      log.error("Unexpected error answering request {}", requestId, failure);
      entity =
          ResponseEntity.internalServerError()
              .body(
                  Problems.of(
                      HttpStatus.INTERNAL_SERVER_ERROR,
                      "internal",
                      "An unexpected error occurred; quote the requestId when reporting it",
                      List.of()));
    }
    ProblemDetail problem = entity.getBody();
    if (problem != null) {
      if (requestId != null
          && (problem.getProperties() == null
              || !problem.getProperties().containsKey("requestId"))) {
        problem.setProperty("requestId", requestId);
      }
      if (problem.getInstance() == null && instance != null) {
        problem.setInstance(instance);
      }
    }
    return entity;
  }

  private static ApiException timedOut(long millis) {
    return new ApiException(
        HttpStatus.GATEWAY_TIMEOUT,
        "gateway-timeout",
        "No answer from the model server within " + millis + " ms; retry later",
        List.of());
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static RuntimeException rethrowable(Throwable error) {
    Throwable cause = unwrap(error);
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }
}
