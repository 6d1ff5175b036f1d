package dev.aifactory.gateway.web;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.RequestContextFilter;

/**
 * Which servlet filters the gateway registers, kept few because each costs every request more than
 * its own work: Tomcat (11.0.22) builds a request's filter chain by looking up every filter mapped
 * to its path in a map guarded by one context-wide lock ({@code StandardContext.findFilterConfig},
 * {@code synchronized (filterDefs)}). Near saturation on two cores, a thread preempted while
 * holding it stalls every other request thread; JFR caught request threads blocked there for up to
 * 142 ms in the benchmark's bad seconds (docs/benchmarks.md, sessions 10 and 11).
 *
 * <p>Four are mapped to the inference routes: the request id ({@code RequestIdFilter}), the
 * observation ({@code DataPlaneObservation}, which also notes when the request arrived), Spring
 * Security, and the inference routes; over Tomcat a context valve calls those four directly and no
 * filter chain is built at all ({@code TomcatInferenceRoutes}), and every other request passes
 * three. Two of Spring Boot's defaults are left out, with what they did done otherwise:
 *
 * <ul>
 *   <li>{@code CharacterEncodingFilter} ({@code spring.servlet.encoding.enabled: false}): a request
 *       that declares no charset is still read as UTF-8, by the servlet context's default ({@link
 *       #utf8RequestsByDefault}); one that declares a charset is read in it (the filter forced
 *       UTF-8). The gateway reads bodies as bytes (JSON; CSV is UTF-8 by the SageMaker contract),
 *       so no route depends on either.
 *   <li>{@code RequestContextFilter}: it bound the request to the thread for code running before
 *       {@code DispatcherServlet}, which binds it itself for Spring MVC's handlers. The one reader
 *       outside Spring MVC, the service caller's team on the inference routes, is handed the
 *       request ({@code CallerArgumentResolver.current(request)}).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ServletFilters {

  /** Spring Boot backs off from registering its {@code RequestContextFilter} for this bean. */
  @Bean
  FilterRegistrationBean<RequestContextFilter> noRequestContextFilter() {
    FilterRegistrationBean<RequestContextFilter> registration =
        new FilterRegistrationBean<>(new RequestContextFilter());
    registration.setEnabled(false);
    return registration;
  }

  /** What {@code CharacterEncodingFilter} did for requests that declare no charset. */
  @Bean
  ServletContextInitializer utf8RequestsByDefault() {
    return context -> context.setRequestCharacterEncoding(StandardCharsets.UTF_8.name());
  }
}
