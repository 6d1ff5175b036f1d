package dev.aifactory.common.web;

import java.net.URI;
import java.util.List;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the project's problem documents: a stable type URI, the request id, field errors. */
public final class Problems {

  public static final String TYPE_BASE = "https://aifactory.dev/problems/";

  private Problems() {}

  public static ProblemDetail of(
      HttpStatusCode status, String slug, String detail, List<ApiException.FieldProblem> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + slug));
    if (errors != null && !errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    String requestId = MDC.get(RequestIdFilter.MDC_KEY);
    if (requestId != null) {
      problem.setProperty("requestId", requestId);
    }
    return problem;
  }
}
