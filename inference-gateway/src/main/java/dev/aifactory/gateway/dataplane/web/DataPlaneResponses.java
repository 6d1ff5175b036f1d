package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.Problems;
import dev.aifactory.common.web.RequestIdFilter;
import dev.aifactory.gateway.dataplane.InferenceResult;
import dev.aifactory.gateway.dataplane.RateLimited;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * What every data-plane answer says about itself: which model version and variant, and overhead.
 */
final class DataPlaneResponses {

  static final String MODEL_VERSION = "X-Model-Version";
  static final String MODEL_VARIANT = "X-Model-Variant";
  static final String INVOKED_VARIANT = "X-Amzn-Invoked-Production-Variant";
  static final String OVERHEAD = "X-Gateway-Overhead-Ms";

  /** Requests with the same value go to the same variant (sticky routing). */
  static final String ROUTING_KEY = "X-Routing-Key";

  private DataPlaneResponses() {}

  static HttpHeaders headers(InferenceResult result) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(MODEL_VERSION, Integer.toString(result.target().version()));
    headers.set(MODEL_VARIANT, result.target().variant());
    headers.set(INVOKED_VARIANT, result.target().variant());
    headers.set(OVERHEAD, millis(result.overheadNanos()));
    return headers;
  }

  /**
   * Nanoseconds as milliseconds with three decimals ("0.388"); String.format showed in profiles.
   */
  static String millis(long nanos) {
    long micros = Math.max(0, nanos) / 1_000;
    long fraction = micros % 1_000;
    return (micros / 1_000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
  }

  /**
   * 429 with {@code Retry-After}. Problem+json on every data-plane path, OIP's included: one error
   * shape for clients of both protocols (OIP's own {@code {"error": ...}} carries no field, type or
   * retry hint).
   */
  static ResponseEntity<ProblemDetail> rateLimited(RateLimited e) {
    return ResponseEntity.status(e.status())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .body(Problems.of(e.status(), e.slug(), e.getMessage(), e.errors()));
  }

  static String requestId() {
    String id = MDC.get(RequestIdFilter.MDC_KEY);
    return id == null ? UUID.randomUUID().toString() : id;
  }
}
