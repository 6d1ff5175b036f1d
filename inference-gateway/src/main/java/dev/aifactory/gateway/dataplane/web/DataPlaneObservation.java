package dev.aifactory.gateway.dataplane.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The server observation, with the inference routes recorded directly: every other request goes
 * through Spring's {@link ServerHttpObservationFilter} unchanged (it replaces the one Spring Boot
 * registers, with the same order and dispatcher types).
 *
 * <p>For {@code POST /endpoints/{name}/invocations} and {@code /v2/models/.../infer} it does what
 * the observation did, without the generic observation machinery: a server span continued from the
 * request's trace headers (in scope while the request runs, so logs carry its trace id), tagged
 * like the observation's span, and the same {@code http.server.requests} timer (same name, same tag
 * keys: {@code error, exception, method, outcome, status, uri}), looked up once per tag set instead
 * of built from key values per request. On the data plane's CPU profile the generic observation was
 * a fifth of the request thread (its start and stop, key values, a long-task timer and a meter
 * lookup per request; docs/benchmarks.md "Session 7"). What the inference routes give up: the
 * {@code http.server.requests.active} long-task timer (the gateway's own {@code
 * aifactory.gateway.*} metrics count its requests per endpoint and variant) and observation
 * handlers or filters other code might register. ADR 0012 point 9.
 */
class DataPlaneObservation extends ServerHttpObservationFilter {

  /** Request attribute holding the {@link InferenceRoutes.Route} this filter matched. */
  static final String ROUTE = DataPlaneObservation.class.getName() + ".route";

  /**
   * Request attribute holding when an inference request reached this filter ({@link
   * System#nanoTime}): before security and parsing, so that {@code X-Gateway-Overhead-Ms} counts
   * everything the gateway adds around the backend call. Kept here rather than by a filter of its
   * own: each registered filter costs every request a lookup under one of Tomcat's context-wide
   * locks (see {@code ServletFilters}).
   */
  private static final String START = DataPlaneObservation.class.getName() + ".start";

  /** When {@code request} reached the gateway, or now if this filter did not see it. */
  static long start(HttpServletRequest request) {
    Object start = request.getAttribute(START);
    return start instanceof Long nanos ? nanos : System.nanoTime();
  }

  private final String name;
  private final MeterRegistry meters;
  private final Tracer tracer;
  private final Propagator propagator;
  private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  DataPlaneObservation(
      ObservationRegistry observations,
      ServerRequestObservationConvention convention,
      String name,
      MeterRegistry meters,
      Tracer tracer,
      Propagator propagator) {
    super(observations, convention);
    this.name = name;
    this.meters = meters;
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /** The span names of the inference routes' POSTs, as the observation named them. */
  private static final Map<String, String> POST_SPAN_NAMES =
      Map.of(
          InferenceRoutes.INVOCATIONS, "http post " + InferenceRoutes.INVOCATIONS,
          InferenceRoutes.INFER, "http post " + InferenceRoutes.INFER,
          InferenceRoutes.INFER_VERSION, "http post " + InferenceRoutes.INFER_VERSION);

  /** "http post /endpoints/{name}/invocations": built per request only for other methods. */
  private static String spanName(String method, String uri) {
    String name = "POST".equals(method) ? POST_SPAN_NAMES.get(uri) : null;
    return name != null ? name : "http " + method.toLowerCase(Locale.ROOT) + " " + uri;
  }

  /** One {@code http.server.requests} tag set. */
  private record TimerKey(String uri, String method, int status, String exception) {}

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Object matched = request.getAttribute(ROUTE);
    InferenceRoutes.Route route =
        request.getDispatcherType() != DispatcherType.REQUEST
            ? null
            : matched instanceof InferenceRoutes.Route valveRoute
                ? valveRoute
                : InferenceRoutes.match(pathWithinApplication(request));
    if (route == null) {
      super.doFilterInternal(request, response, chain);
      return;
    }
    if (matched == null) {
      request.setAttribute(ROUTE, route);
    }
    Exchange exchange = new Exchange(route.pattern(), request, response);
    try (Tracer.SpanInScope scope = tracer.withSpan(exchange.span)) {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      exchange.end(unwrap(e));
      throw e;
    }
    if (request.isAsyncStarted()) {
      request.getAsyncContext().addListener(exchange);
    } else {
      exchange.end((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
    }
  }

  /** What the request failed with: a servlet exception's cause, as Spring's filter records it. */
  private static Throwable unwrap(Throwable error) {
    return error instanceof ServletException && error.getCause() != null ? error.getCause() : error;
  }

  static String pathWithinApplication(HttpServletRequest request) {
    String path = request.getServletPath();
    String info = request.getPathInfo();
    return info == null ? path : path + info;
  }

  /** One inference request: its span and start, ended once when its response is complete. */
  private final class Exchange implements AsyncListener {
    private final String uri;
    private final String method;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Span span;
    private final long start = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();

    Exchange(String uri, HttpServletRequest request, HttpServletResponse response) {
      this.uri = uri;
      this.method = request.getMethod();
      this.request = request;
      this.response = response;
      request.setAttribute(START, start);
      this.span =
          propagator
              .extract(request, HttpServletRequest::getHeader)
              .kind(Span.Kind.SERVER)
              .name(spanName(method, uri))
              .start();
    }

    void end(Throwable error) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      if (error != null && response.getStatus() < 500) {
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
      }
      int status = response.getStatus();
      String exception = error == null ? "none" : error.getClass().getSimpleName();
      timer(new TimerKey(uri, method, status, exception))
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      span.tag("method", method)
          .tag("uri", uri)
          .tag("status", Integer.toString(status))
          .tag("outcome", Outcome.forStatus(status).name())
          .tag("exception", exception)
          .tag("http.url", request.getRequestURI());
      if (error != null) {
        span.error(error);
      }
      span.end();
    }

    @Override
    public void onComplete(AsyncEvent event) {
      end(null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      end(null);
    }

    @Override
    public void onError(AsyncEvent event) {
      end(unwrap(event.getThrowable()));
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }

  private Timer timer(TimerKey key) {
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder(name)
                      .description("HTTP server request processing time")
                      .tag("error", k.exception())
                      .tag("exception", k.exception())
                      .tag("method", k.method())
                      .tags(List.of(Outcome.forStatus(k.status()).asTag()))
                      .tag("status", Integer.toString(k.status()))
                      .tag("uri", k.uri())
                      .register(meters));
    }
    return timer;
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    /**
     * In place of Spring Boot's registration of {@link ServerHttpObservationFilter}, with its order
     * and dispatcher types. Boot backs off for a {@code FilterRegistrationBean} of exactly that
     * filter type (generics are matched invariantly), hence the declared type.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> dataPlaneObservation(
        ObservationRegistry observations,
        ObjectProvider<ServerRequestObservationConvention> convention,
        @Value("${management.observations.http.server.requests.name:http.server.requests}")
            String name,
        MeterRegistry meters,
        ObjectProvider<Tracer> tracer,
        ObjectProvider<Propagator> propagator) {
      FilterRegistrationBean<ServerHttpObservationFilter> registration =
          new FilterRegistrationBean<>(
              new DataPlaneObservation(
                  observations,
                  convention.getIfAvailable(
                      () -> new DefaultServerRequestObservationConvention(name)),
                  name,
                  meters,
                  tracer.getIfAvailable(() -> Tracer.NOOP),
                  propagator.getIfAvailable(() -> Propagator.NOOP)));
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
      return registration;
    }
  }
}
