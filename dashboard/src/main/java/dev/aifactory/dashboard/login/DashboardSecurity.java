package dev.aifactory.dashboard.login;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Session login, for people through policy-service's own login page ({@code oauth2Login}) and for
 * service accounts with a form, CSRF tokens on every form (Spring Security's default: a POST
 * without the session's token is refused with 403), and the champion and approval actions limited
 * to approvers and admins here as well as in the page, so a forged request from a viewer is refused
 * too.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

  @Bean
  SecurityFilterChain dashboard(
      HttpSecurity http,
      PolicyTokenAuthentication serviceAccounts,
      PolicyClientRegistrations registrations,
      PolicyUserService users)
      throws Exception {
    // the form's provider next to the ones oauth2Login adds (a single AuthenticationManager bean
    // would hide those)
    http.authenticationProvider(serviceAccounts)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/login",
                        "/login/user",
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
                    .requestMatchers(
                        HttpMethod.POST,
                        "/training-runs",
                        "/training-runs/*/cancel",
                        "/endpoints/*/rollouts/*/*")
                    .hasAnyRole(DashboardUser.ML_ENGINEER, DashboardUser.ADMIN)
                    .requestMatchers(HttpMethod.POST, "/datasets/*/classification/*")
                    .hasAnyRole(DashboardUser.DATA_ENGINEER, DashboardUser.ADMIN)
                    .requestMatchers(HttpMethod.POST, "/dead-letters/*/replay")
                    .hasRole(DashboardUser.ADMIN)
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
        // People sign in at policy-service (authorization code; PKCE because the client is public);
        // the client-id/secret form above stays for service accounts.
        .oauth2Login(
            o ->
                o.loginPage("/login")
                    .clientRegistrationRepository(registrations)
                    .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                    .userInfoEndpoint(u -> u.oidcUserService(users))
                    .defaultSuccessUrl("/", true)
                    .failureUrl("/login?error"))
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
