package dev.aifactory.common.config;

import dev.aifactory.common.security.ProblemSecurityHandlers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service is an OAuth2 resource server: deny by default, JWTs from the configured issuer,
 * {@code roles} claim mapped to {@code ROLE_*} authorities. A service that declares its own {@link
 * SecurityFilterChain} replaces this one.
 */
@AutoConfiguration
@ConditionalOnWebApplication
public class ResourceServerAutoConfiguration {

  /** Paths readable without a token: health, build info, metrics scrape, API docs, OIP health. */
  public static final String[] PUBLIC_PATHS = {
    "/actuator/health/**",
    "/actuator/info",
    "/actuator/prometheus",
    "/v3/api-docs/**",
    "/swagger-ui/**",
    "/swagger-ui.html",
    "/v2/health/**",
    "/error"
  };

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain resourceServerFilterChain(HttpSecurity http, JsonMapper json)
      throws Exception {
    http.authorizeHttpRequests(
            auth -> auth.requestMatchers(PUBLIC_PATHS).permitAll().anyRequest().authenticated())
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
                    .jwt(j -> j.jwtAuthenticationConverter(jwtAuthenticationConverter())));
    return http.build();
  }

  public static JwtAuthenticationConverter jwtAuthenticationConverter() {
    JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
    roles.setAuthoritiesClaimName("roles");
    roles.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(roles);
    return converter;
  }
}
