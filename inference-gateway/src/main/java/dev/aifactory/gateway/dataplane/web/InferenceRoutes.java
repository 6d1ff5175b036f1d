package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.security.CallerArgumentResolver;
import dev.aifactory.common.web.ApiException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Serves the inference routes — {@code POST /endpoints/{name}/invocations} and {@code POST
 * /v2/models/{model}[/versions/{version}]/infer} — at the end of the servlet filter chain, after
 * the request id, the observation ({@link DataPlaneObservation}: metrics and trace, the route it
 * matched and when the request arrived) and Spring Security have run, without going through {@code
 * DispatcherServlet}. Every other request, OIP metadata and health included, goes on to Spring MVC.
 *
 * <p>Why not a {@code @PostMapping}: on the data plane's CPU profile, dispatching to the handler
 * method (handler mapping over every route of the gateway, argument resolution, reflection, the
 * async-safe response wrapper) was a fifth of the request thread's time for routes whose arguments
 * are two path segments and the caller (docs/benchmarks.md). What Spring MVC gave these routes is
 * done here or in {@link DataPlaneObservation}: the route's pattern as the {@code uri} tag of
 * {@code http.server.requests}, 400 for a version that is not a number, the methods on {@code
 * OPTIONS}, 405 with {@code Allow} for another method, and errors as the same problem+json the
 * shared problem handling writes ({@link AsyncAnswers#fail}).
 */
class InferenceRoutes implements Filter {

  static final String INVOCATIONS = "/endpoints/{name}/invocations";
  static final String INFER = "/v2/models/{model}/infer";
  static final String INFER_VERSION = "/v2/models/{model}/versions/{version}/infer";

  private final Invocations invocations;
  private final OipInference oip;
  private final AsyncAnswers answers;

  InferenceRoutes(Invocations invocations, OipInference oip, AsyncAnswers answers) {
    this.invocations = invocations;
    this.oip = oip;
    this.answers = answers;
  }

  /** A request for one of the routes: which one, and its path variables. */
  record Route(String pattern, String name, String version) {}

  /**
   * The route {@code path} (decoded, within the application) asks for, or null. A variable is one
   * non-empty path segment, as in Spring MVC's patterns; no trailing slash.
   */
  static Route match(String path) {
    if (path.startsWith("/endpoints/")) {
      int end = path.indexOf('/', "/endpoints/".length());
      if (end > "/endpoints/".length() && path.regionMatches(end, "/invocations", 0, 12)) {
        return end + 12 == path.length()
            ? new Route(INVOCATIONS, path.substring("/endpoints/".length(), end), null)
            : null;
      }
      return null;
    }
    if (!path.startsWith("/v2/models/")) {
      return null;
    }
    int from = "/v2/models/".length();
    int end = path.indexOf('/', from);
    if (end <= from) {
      return null;
    }
    String model = path.substring(from, end);
    String rest = path.substring(end);
    if (rest.equals("/infer")) {
      return new Route(INFER, model, null);
    }
    if (rest.length() > "/versions//infer".length()
        && rest.startsWith("/versions/")
        && rest.endsWith("/infer")) {
      String version = rest.substring("/versions/".length(), rest.length() - "/infer".length());
      if (!version.isEmpty() && version.indexOf('/') < 0) {
        return new Route(INFER_VERSION, model, version);
      }
    }
    return null;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Route route = (Route) request.getAttribute(DataPlaneObservation.ROUTE);
    if (route == null) {
      route = match(DataPlaneObservation.pathWithinApplication(request));
    }
    if (route == null) {
      chain.doFilter(request, response);
      return;
    }
    try {
      if ("OPTIONS".equals(request.getMethod())) {
        // What Spring MVC answered for these routes: the methods, no body.
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader(HttpHeaders.ALLOW, "POST,OPTIONS");
        response.setContentLength(0);
        return;
      }
      if (!"POST".equals(request.getMethod())) {
        throw methodNotAllowed(request.getMethod());
      }
      Caller caller = CallerArgumentResolver.current(request);
      if (route.pattern().equals(INVOCATIONS)) {
        invocations.invoke(route.name(), caller, request, response);
      } else {
        oip.infer(route.name(), version(route.version()), caller, request, response);
      }
    } catch (RuntimeException e) {
      answers.fail(request, response, e);
    }
  }

  /** The version segment as a number, or the 400 Spring MVC gave for a mistyped path variable. */
  private static Integer version(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      String message = "has an invalid value '" + value + "'";
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid-input",
          "Parameter 'version' " + message,
          List.of(new ApiException.FieldProblem("version", message)));
    }
  }

  private static ApiException methodNotAllowed(String method) {
    return new ApiException(
            HttpStatus.METHOD_NOT_ALLOWED,
            "http-405",
            "Method '" + method + "' is not supported; inference is POST",
            List.of())
        .withHeader(HttpHeaders.ALLOW, "POST");
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    /** Last in the chain: everything a request needs before a handler has run by then. */
    @Bean
    FilterRegistrationBean<InferenceRoutes> inferenceRoutes(
        Invocations invocations, OipInference oip, AsyncAnswers answers) {
      FilterRegistrationBean<InferenceRoutes> registration =
          new FilterRegistrationBean<>(new InferenceRoutes(invocations, oip, answers));
      registration.addUrlPatterns("/endpoints/*", "/v2/models/*");
      registration.setOrder(Ordered.LOWEST_PRECEDENCE);
      return registration;
    }
  }
}
