package dev.aifactory.common.security;

import dev.aifactory.common.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as problem+json, with the standard {@code WWW-Authenticate} header kept. */
public final class ProblemSecurityHandlers {

  private ProblemSecurityHandlers() {}

  public static AuthenticationEntryPoint entryPoint(JsonMapper json) {
    return (request, response, e) -> {
      String hint =
          request.getHeader("Authorization") == null
              ? "A bearer token is required; get one from policy-service POST /oauth2/token"
              : "The bearer token is invalid or expired; request a new one";
      response.setHeader("WWW-Authenticate", "Bearer");
      write(json, response, HttpStatus.UNAUTHORIZED, "unauthenticated", hint);
    };
  }

  public static AccessDeniedHandler accessDenied(JsonMapper json) {
    return (request, response, e) ->
        write(
            json,
            response,
            HttpStatus.FORBIDDEN,
            "forbidden",
            "Your roles do not allow this operation; ask an admin of your team for the needed role");
  }

  private static void write(
      JsonMapper json, HttpServletResponse response, HttpStatus status, String slug, String detail)
      throws IOException {
    ProblemDetail problem = Problems.of(status, slug, detail, List.of());
    problem.setInstance(null);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(problem));
  }
}
