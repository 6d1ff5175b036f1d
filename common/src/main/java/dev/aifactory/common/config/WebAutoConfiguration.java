package dev.aifactory.common.config;

import dev.aifactory.common.security.CallerArgumentResolver;
import dev.aifactory.common.web.ProblemHandling;
import dev.aifactory.common.web.RequestIdFilter;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Problem+json errors, request ids and {@code Caller} parameters for every service's web layer. */
@AutoConfiguration
@ConditionalOnWebApplication
public class WebAutoConfiguration {

  @Bean
  ProblemHandling problemHandling() {
    return new ProblemHandling();
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    FilterRegistrationBean<RequestIdFilter> registration =
        new FilterRegistrationBean<>(new RequestIdFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  WebMvcConfigurer callerArguments() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
      }
    };
  }
}
