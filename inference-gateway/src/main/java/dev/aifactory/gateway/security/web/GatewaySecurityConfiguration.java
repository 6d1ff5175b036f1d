package dev.aifactory.gateway.security.web;

import dev.aifactory.common.config.ResourceServerAutoConfiguration;
import dev.aifactory.common.security.ProblemSecurityHandlers;
import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.security.SigV4Properties;
import dev.aifactory.gateway.security.SigV4Verifier;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's resource-server chain (as in common's {@link ResourceServerAutoConfiguration})
 * plus SigV4 authentication for SageMaker-runtime clients ahead of the bearer-token filter.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

  @Bean
  SecurityFilterChain gatewayFilterChain(
      HttpSecurity http, JsonMapper json, GatewayProperties gateway, SigV4Properties sigv4)
      throws Exception {
    http.authorizeHttpRequests(
            auth ->
                auth.requestMatchers(ResourceServerAutoConfiguration.PUBLIC_PATHS)
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(ProblemSecurityHandlers.entryPoint(json))
                    .accessDeniedHandler(ProblemSecurityHandlers.accessDenied(json)))
        .oauth2ResourceServer(
            o ->
                o.authenticationEntryPoint(ProblemSecurityHandlers.entryPoint(json))
                    .accessDeniedHandler(ProblemSecurityHandlers.accessDenied(json))
                    .jwt(
                        j ->
                            j.jwtAuthenticationConverter(
                                ResourceServerAutoConfiguration.jwtAuthenticationConverter())))
        .addFilterBefore(
            new SigV4AuthenticationFilter(
                new SigV4Verifier(sigv4, Clock.systemUTC()), gateway, json),
            BearerTokenAuthenticationFilter.class);
    return http.build();
  }

  /**
   * No Spring Security observations. Turning them off by property ({@code
   * management.observations.enable.spring.security}) only drops the observations: the filter chain
   * is still decorated and every filter of every request wrapped in an observation object (its
   * event-name hashing showed in the data plane's profile). Declaring this bean makes Spring
   * Security build the plain chain. Requests are still observed and traced as a whole.
   */
  @Bean
  SecurityObservationSettings noSpringSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }
}
