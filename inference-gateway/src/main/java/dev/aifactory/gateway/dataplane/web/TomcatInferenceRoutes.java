package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.RequestIdFilter;
import dev.aifactory.gateway.web.tomcat.TomcatServing;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ContinueResponseTiming;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.web.filter.CompositeFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Serves the inference routes from Tomcat's context pipeline, ahead of the servlet filter chain:
 * the four filters Tomcat would chain for them — request id, observation ({@link
 * DataPlaneObservation}), Spring Security, {@link InferenceRoutes} — the registered instances, in
 * the same order, called directly.
 *
 * <p>Why: Tomcat (11.0.22) builds each request's filter chain under context-wide locks, one to read
 * the filter mappings ({@code StandardContext.findFilterMaps}) and one per mapped filter ({@code
 * findFilterConfig}, {@code synchronized (filterDefs)}): five per inference request. In the
 * open-loop benchmark they were the gateway's most contended monitors, blocked on for up to 217 ms
 * a second in the seconds with the highest p99, when a thread holding one was preempted
 * (docs/benchmarks.md, session 11); the bare endpoint, a servlet without filters, takes one. Served
 * here, an inference request takes none of them.
 *
 * <p>Contract: once the application has started, a request whose path is an inference route ({@link
 * InferenceRoutes#match}, any method) goes through {@link #filters} and not on down the pipeline;
 * every other request, and every request before then, goes on unchanged. Done here as Tomcat's
 * context valve would do it before the filter chain: the {@code 100 Continue} for a request that
 * expects one. Not done: the dispatcher servlet's own request count and timing (JMX statistics).
 * Servlet request listeners still run (the host valve fires them), and a failure thrown out of the
 * filters gets Tomcat's error page handling as before. {@code DataPlaneIT} checks that these four
 * are exactly the filters Tomcat maps to the inference paths, so a filter registered later cannot
 * be skipped unnoticed.
 */
final class TomcatInferenceRoutes extends ValveBase {

  /** After {@link InferenceRoutes}, which answers every path the valve passes it. */
  private static final FilterChain NOT_AN_INFERENCE_ROUTE =
      (request, response) -> {
        throw new IllegalStateException("Not an inference route: the valve matched it as one");
      };

  private volatile CompositeFilter filters;

  TomcatInferenceRoutes() {
    super(true);
  }

  /** Takes over the inference routes with these filters, called in this order. */
  void serveWith(List<Filter> chain) {
    CompositeFilter composite = new CompositeFilter();
    composite.setFilters(chain);
    this.filters = composite;
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    CompositeFilter chain = filters;
    HttpServletRequest servletRequest = request.getRequest();
    InferenceRoutes.Route route =
        chain == null
            ? null
            : InferenceRoutes.match(DataPlaneObservation.pathWithinApplication(servletRequest));
    if (route == null) {
      getNext().invoke(request, response);
      return;
    }
    servletRequest.setAttribute(DataPlaneObservation.ROUTE, route);
    response.sendAcknowledgement(ContinueResponseTiming.IMMEDIATELY);
    chain.doFilter(servletRequest, response.getResponse(), NOT_AN_INFERENCE_ROUTE);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.apache.catalina.Valve")
  static class Registration {

    /**
     * Adds the valve after {@code TomcatServing} (whose thread's request the data plane's Tomcat
     * shortcuts read), and hands it the filters once every singleton exists: resolving them while
     * the web server is being created would create Spring Security's chain too early.
     */
    @Bean
    Customizer tomcatInferenceRoutes(
        ObjectProvider<FilterRegistrationBean<RequestIdFilter>> requestId,
        ObjectProvider<FilterRegistrationBean<ServerHttpObservationFilter>> observation,
        BeanFactory beans,
        ObjectProvider<FilterRegistrationBean<InferenceRoutes>> routes) {
      TomcatInferenceRoutes valve = new TomcatInferenceRoutes();
      return new Customizer(
          valve,
          () ->
              valve.serveWith(
                  List.of(
                      requestId.getObject().getFilter(),
                      observation.getObject().getFilter(),
                      beans.getBean(
                          AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME,
                          Filter.class),
                      routes.getObject().getFilter())));
    }
  }

  /** Adds {@code valve} to the context's pipeline; {@code start} once singletons exist. */
  record Customizer(TomcatInferenceRoutes valve, Runnable start)
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
          SmartInitializingSingleton,
          Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextValves(valve);
    }

    @Override
    public void afterSingletonsInstantiated() {
      start.run();
    }

    /** After {@code TomcatServing}'s valve, so that the filters run with its request noted. */
    @Override
    public int getOrder() {
      return TomcatServing.CUSTOMIZER_ORDER + 1;
    }
  }
}
