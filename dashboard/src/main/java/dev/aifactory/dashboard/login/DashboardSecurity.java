package dev.aifactory.dashboard.login;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Session login with a form, CSRF tokens on every form (Spring Security's default: a POST without
 * the session's token is refused with 403), and the champion and approval actions limited to
 * approvers and admins here as well as in the page, so a forged request from a viewer is refused
 * too.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

  @Bean
  AuthenticationManager authenticationManager(PolicyTokenAuthentication policy) {
    return new ProviderManager(policy);
  }

  @Bean
  SecurityFilterChain dashboard(HttpSecurity http, AuthenticationManager authentication)
      throws Exception {
    http.authenticationManager(authentication)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/login",
                        "/css/**",
                        "/js/**",
                        "/webjars/**",
                        "/favicon.ico",
                        "/error",
                        "/actuator/health/**",
                        "/actuator/info",
                        "/actuator/prometheus")
                    .permitAll()
                    .requestMatchers(
                        HttpMethod.POST,
                        "/models/*/champion",
                        "/approvals/*/approve",
                        "/approvals/*/reject")
                    .hasAnyRole(DashboardUser.APPROVER, DashboardUser.ADMIN)
                    .anyRequest()
                    .authenticated())
        .formLogin(
            f ->
                f.loginPage("/login")
                    .usernameParameter("clientId")
                    .passwordParameter("clientSecret")
                    .defaultSuccessUrl("/", true)
                    .failureUrl("/login?error")
                    .permitAll())
        .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
        .headers(
            h ->
                h.contentSecurityPolicy(
                    c ->
                        c.policyDirectives(
                            "default-src 'self'; img-src 'self' data:; style-src 'self';"
                                + " script-src 'self'; frame-ancestors 'none'; form-action"
                                + " 'self'")));
    return http.build();
  }
}
