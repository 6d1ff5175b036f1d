package dev.aifactory.gateway.security.web;

import dev.aifactory.common.config.ResourceServerAutoConfiguration;
import dev.aifactory.common.security.ProblemSecurityHandlers;
import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.security.CachingJwtAuthentication;
import dev.aifactory.gateway.security.SigV4Properties;
import dev.aifactory.gateway.security.SigV4Verifier;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's resource-server chain (as in common's {@link ResourceServerAutoConfiguration})
 * plus SigV4 authentication for SageMaker-runtime clients ahead of the bearer-token filter.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

  /**
   * The data plane's chain: {@link DataPlaneAuthenticationFilter} alone, for the paths where
   * inference requests arrive (the SageMaker-runtime and Open Inference Protocol routes). The same
   * authentication (SigV4, then bearer tokens through the same manager) and the same problem
   * responses as the management chain, without the seven filters a stateless, token-only API never
   * needs. Ordered first; every other path goes to {@link #gatewayFilterChain}. See ADR 0012.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityFilterChain dataPlaneFilterChain(
      JsonMapper json,
      GatewayProperties gateway,
      SigV4Properties sigv4,
      CachingJwtAuthentication authentication) {
    return new DefaultSecurityFilterChain(
        DataPlaneAuthenticationFilter.DATA_PLANE,
        new DataPlaneAuthenticationFilter(
            sigV4Filter(json, gateway, sigv4),
            new HeaderBearerTokenResolver(),
            authentication,
            ProblemSecurityHandlers.entryPoint(json)));
  }

  @Bean
  SecurityFilterChain gatewayFilterChain(
      HttpSecurity http,
      JsonMapper json,
      GatewayProperties gateway,
      SigV4Properties sigv4,
      CachingJwtAuthentication authentication)
      throws Exception {
    http.authorizeHttpRequests(
            auth ->
                auth.requestMatchers(ResourceServerAutoConfiguration.PUBLIC_PATHS)
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return resourceServer(http, json, gateway, sigv4, authentication).build();
  }

  /** Bearer tokens, verified once per token while it is valid, for both chains. */
  @Bean
  CachingJwtAuthentication cachingJwtAuthentication(JwtDecoder decoder) {
    return new CachingJwtAuthentication(decoder);
  }

  /** Bearer tokens and SigV4, with problem+json for 401 and 403: what both chains share. */
  private static HttpSecurity resourceServer(
      HttpSecurity http,
      JsonMapper json,
      GatewayProperties gateway,
      SigV4Properties sigv4,
      CachingJwtAuthentication authentication)
      throws Exception {
    return http.csrf(csrf -> csrf.disable())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(ProblemSecurityHandlers.entryPoint(json))
                    .accessDeniedHandler(ProblemSecurityHandlers.accessDenied(json)))
        .oauth2ResourceServer(
            o ->
                o.bearerTokenResolver(new HeaderBearerTokenResolver())
                    .authenticationEntryPoint(ProblemSecurityHandlers.entryPoint(json))
                    .accessDeniedHandler(ProblemSecurityHandlers.accessDenied(json))
                    .jwt(j -> j.authenticationManager(authentication)))
        .addFilterBefore(sigV4Filter(json, gateway, sigv4), BearerTokenAuthenticationFilter.class);
  }

  private static SigV4AuthenticationFilter sigV4Filter(
      JsonMapper json, GatewayProperties gateway, SigV4Properties sigv4) {
    return new SigV4AuthenticationFilter(
        new SigV4Verifier(sigv4, Clock.systemUTC()), gateway, json);
  }

  /**
   * Spring Security's strict firewall with the same header rules written as loops: its default
   * predicates are regular expressions ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}) evaluated on
   * every header read, which were 5 % of the data plane's CPU profile.
   */
  @Bean
  WebSecurityCustomizer strictFirewallWithoutRegexes() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(GatewaySecurityConfiguration::assignedAndNotControl);
    firewall.setAllowedHeaderValues(GatewaySecurityConfiguration::assignedAndNotControl);
    firewall.setAllowedParameterNames(GatewaySecurityConfiguration::assignedAndNotControl);
    return web -> web.httpFirewall(firewall);
  }

  /**
   * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, the firewall's default, without a regex. Printable
   * ASCII (all of a bearer token, read three times per request) is checked a char at a time; the
   * first other char hands the rest to the code-point loop.
   */
  static boolean assignedAndNotControl(String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return assignedAndNotControlFrom(value, i);
      }
    }
    return true;
  }

  private static boolean assignedAndNotControlFrom(String value, int from) {
    for (int i = from; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (Character.isISOControl(c)
          || (c >= 0x80 && Character.getType(c) == Character.UNASSIGNED)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
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
