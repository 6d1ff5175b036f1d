package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.Problems;
import dev.aifactory.common.web.RequestIdFilter;
import dev.aifactory.gateway.dataplane.InferenceResult;
import dev.aifactory.gateway.dataplane.RateLimited;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.apache.tomcat.util.http.MimeHeaders;
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

  /**
   * A successful answer: the result it reports on, and its body, JSON-serialised unless it is
   * already text of {@code contentType}.
   */
  record Answer(InferenceResult result, String contentType, Object body) {}

  private static final TomcatResponseHeaders.Text VERSION_NAME =
      TomcatResponseHeaders.Text.of(MODEL_VERSION);
  private static final TomcatResponseHeaders.Text VARIANT_NAME =
      TomcatResponseHeaders.Text.of(MODEL_VARIANT);
  private static final TomcatResponseHeaders.Text INVOKED_VARIANT_NAME =
      TomcatResponseHeaders.Text.of(INVOKED_VARIANT);
  private static final TomcatResponseHeaders.Text OVERHEAD_NAME =
      TomcatResponseHeaders.Text.of(OVERHEAD);
  private static final TomcatResponseHeaders.Text CACHE_CONTROL =
      TomcatResponseHeaders.Text.of(HttpHeaders.CACHE_CONTROL);
  private static final TomcatResponseHeaders.Text NO_STORE =
      TomcatResponseHeaders.Text.of("no-store");
  private static final TomcatResponseHeaders.Text CONTENT_TYPE_OPTIONS =
      TomcatResponseHeaders.Text.of("X-Content-Type-Options");
  private static final TomcatResponseHeaders.Text NOSNIFF =
      TomcatResponseHeaders.Text.of("nosniff");

  /**
   * The headers every successful answer carries, set on the servlet response directly (building
   * Spring's {@code HttpHeaders} first showed in the data plane's profile), as bytes on Tomcat
   * ({@link TomcatResponseHeaders}).
   */
  static void writeHeaders(HttpServletResponse response, InferenceResult result) {
    MimeHeaders table = TomcatResponseHeaders.tableOf(response);
    String variant = result.target().variant();
    TomcatResponseHeaders.set(
        response, table, VERSION_NAME, Integer.toString(result.target().version()));
    TomcatResponseHeaders.set(response, table, VARIANT_NAME, variant);
    TomcatResponseHeaders.set(response, table, INVOKED_VARIANT_NAME, variant);
    TomcatResponseHeaders.set(response, table, OVERHEAD_NAME, millis(result.overheadNanos()));
    // The data-plane security chain has no header writer: the two of its headers that matter for
    // a JSON answer are set here.
    TomcatResponseHeaders.set(response, table, CACHE_CONTROL, NO_STORE);
    TomcatResponseHeaders.set(response, table, CONTENT_TYPE_OPTIONS, NOSNIFF);
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
