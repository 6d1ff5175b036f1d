package dev.aifactory.gateway.dataplane.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Notes when a data-plane request reached the gateway, before security and parsing, so that {@code
 * X-Gateway-Overhead-Ms} counts everything the gateway adds around the backend call.
 */
class RequestClock extends OncePerRequestFilter {

  static final String START = RequestClock.class.getName() + ".start";

  static long start(HttpServletRequest request) {
    Object start = request.getAttribute(START);
    return start instanceof Long nanos ? nanos : System.nanoTime();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    request.setAttribute(START, System.nanoTime());
    chain.doFilter(request, response);
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    FilterRegistrationBean<RequestClock> requestClock() {
      FilterRegistrationBean<RequestClock> registration =
          new FilterRegistrationBean<>(new RequestClock());
      registration.addUrlPatterns("/v2/*", "/endpoints/*");
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
      return registration;
    }
  }
}
