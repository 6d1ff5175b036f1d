package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.RequestIdFilter;
import dev.aifactory.gateway.dataplane.InferenceResult;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;

/**
 * What every data-plane answer says about itself: which model version and variant, and overhead.
 */
final class DataPlaneResponses {

  static final String MODEL_VERSION = "X-Model-Version";
  static final String MODEL_VARIANT = "X-Model-Variant";
  static final String INVOKED_VARIANT = "X-Amzn-Invoked-Production-Variant";
  static final String OVERHEAD = "X-Gateway-Overhead-Ms";

  private DataPlaneResponses() {}

  static HttpHeaders headers(InferenceResult result) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(MODEL_VERSION, Integer.toString(result.target().version()));
    headers.set(MODEL_VARIANT, result.target().variant());
    headers.set(INVOKED_VARIANT, result.target().variant());
    headers.set(OVERHEAD, String.format(Locale.ROOT, "%.3f", result.overheadMillis()));
    return headers;
  }

  static String requestId() {
    String id = MDC.get(RequestIdFilter.MDC_KEY);
    return id == null ? UUID.randomUUID().toString() : id;
  }
}
