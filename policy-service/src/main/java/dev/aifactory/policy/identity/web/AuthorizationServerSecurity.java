package dev.aifactory.policy.identity.web;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.aifactory.common.config.ResourceServerAutoConfiguration;
import dev.aifactory.common.security.ProblemSecurityHandlers;
import dev.aifactory.policy.identity.Clients;
import dev.aifactory.policy.identity.GracePasswordEncoder;
import dev.aifactory.policy.identity.IdentityProperties;
import dev.aifactory.policy.identity.SigningKey;
import dev.aifactory.policy.identity.SigningKeyManagement;
import dev.aifactory.policy.identity.User;
import dev.aifactory.policy.identity.Users;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * policy-service is the platform's OAuth2 authorization server and OpenID provider (client
 * credentials for services; authorization code with PKCE for the dashboard's users; RS256 JWTs with
 * {@code team} and {@code roles}) and, for its own {@code /api/**}, a resource server that checks
 * tokens against its own key without calling itself. Three chains: the protocol endpoints, the
 * login form (the only ones with sessions), everything else (it replaces the resource-server chain
 * from common).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurity {

  static final String API_SCOPE = "api";
  static final String DASHBOARD = "dashboard";
  private static final String LOGIN = "/login";
  private static final String TEAM = "team";
  private static final String ROLES = "roles";

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServerChain(HttpSecurity http, JwtDecoder decoder)
      throws Exception {
    OAuth2AuthorizationServerConfigurer authorizationServer =
        new OAuth2AuthorizationServerConfigurer();
    http.securityMatcher(authorizationServer.getEndpointsMatcher())
        .with(authorizationServer, as -> as.oidc(Customizer.withDefaults()))
        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
        .csrf(csrf -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
        // A browser without a session goes to the login form; the saved authorization request
        // (kept in the session) continues after login. Everything else gets a 401.
        .exceptionHandling(
            e ->
                e.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint(LOGIN), browsers()))
        // The OIDC userinfo endpoint takes the user's access token.
        .oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder)));
    return http.build();
  }

  /** Requests that ask for HTML explicitly; a missing Accept header (an API client) does not. */
  private static MediaTypeRequestMatcher browsers() {
    MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
    html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
    return html;
  }

  /** The login form for people (dashboard users); the session carries them back to authorize. */
  @Bean
  @Order(2)
  SecurityFilterChain loginChain(HttpSecurity http) throws Exception {
    http.securityMatcher(LOGIN, LOGIN + "/**", "/logout", "/default-ui.css")
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .formLogin(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain apiChain(HttpSecurity http, JsonMapper json, JwtDecoder decoder)
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
                            j.decoder(decoder)
                                .jwtAuthenticationConverter(
                                    ResourceServerAutoConfiguration.jwtAuthenticationConverter())));
    return http.build();
  }

  @Bean
  RegisteredClientRepository registeredClients(
      IdentityProperties identity, Clients clients, Clock clock) {
    TokenSettings tokens =
        TokenSettings.builder()
            .accessTokenTimeToLive(identity.tokenTtl())
            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
            .build();
    List<String> redirectUris = identity.dashboard().allRedirectUris();
    RegisteredClient dashboard = null;
    if (!redirectUris.isEmpty()) {
      // Public: a browser app cannot keep a secret, so PKCE proves the token request comes from
      // whoever started the authorization.
      dashboard =
          RegisteredClient.withId(DASHBOARD)
              .clientId(DASHBOARD)
              .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
              .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
              .redirectUris(uris -> uris.addAll(redirectUris))
              .scope(OidcScopes.OPENID)
              .scope(OidcScopes.PROFILE)
              .tokenSettings(tokens)
              .clientSettings(
                  ClientSettings.builder()
                      .requireProofKey(true)
                      .requireAuthorizationConsent(false)
                      .build())
              .build();
    }
    return new StoredRegisteredClients(clients, dashboard, tokens, clock);
  }

  /**
   * Checks client secrets (also the previous one during a rotation's grace period) and user
   * passwords.
   */
  @Bean
  PasswordEncoder passwordEncoder(Clock clock) {
    return new GracePasswordEncoder(clock);
  }

  /** Code-flow authorizations live in memory until their tokens expire; see the class. */
  @Bean
  OAuth2AuthorizationService authorizations(IdentityProperties identity, Clock clock) {
    return new ExpiringAuthorizations(identity.maxStoredAuthorizations(), clock);
  }

  /** Users sign in with the passwords stored (hashed) in {@code users}. */
  @Bean
  UserDetailsService users(Users users) {
    return username ->
        users
            .find(username)
            .map(
                u ->
                    org.springframework.security.core.userdetails.User.withUsername(u.username())
                        .password(u.passwordHash())
                        .disabled(!u.enabled())
                        .roles()
                        .build())
            .orElseThrow(() -> new UsernameNotFoundException("no such user"));
  }

  /**
   * Adds {@code team} and {@code roles}: a user's from the user record (access and ID token), a
   * client's from its registration, with the client's scopes when none was requested.
   */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> teamAndRolesClaims(Users users) {
    return context -> {
      boolean access = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
      boolean id = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
      if (!access && !id) {
        return;
      }
      if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
        // A person: team and roles from the user record, read when the token is issued.
        String username = context.getPrincipal().getName();
        User user =
            users
                .find(username)
                .orElseThrow(() -> new IllegalStateException("user " + username + " vanished"));
        context.getClaims().claim(TEAM, user.team());
        context.getClaims().claim(ROLES, List.copyOf(user.roles()));
        return;
      }
      if (!access) {
        return;
      }
      RegisteredClient client = context.getRegisteredClient();
      context.getClaims().claim(TEAM, client.getClientSettings().getSetting(TEAM));
      context.getClaims().claim(ROLES, client.getClientSettings().getSetting(ROLES));
      if (context.getAuthorizedScopes().isEmpty()) {
        context.getClaims().claim("scope", List.copyOf(client.getScopes()));
      }
    };
  }

  /** The JWKS: every published key, the active one first (public parts only are served). */
  @Bean
  JWKSource<SecurityContext> jwkSource(SigningKeyManagement keys) {
    return (selector, context) ->
        selector.select(new JWKSet(keys.published().stream().map(k -> (JWK) rsa(k)).toList()));
  }

  /**
   * Signs with the active key only: with several keys in the JWKS, an encoder over all of them
   * could not choose.
   */
  @Bean
  JwtEncoder jwtEncoder(SigningKeyManagement keys) {
    return new NimbusJwtEncoder(
        (selector, context) -> selector.select(new JWKSet(rsa(keys.active()))));
  }

  /**
   * Validates this service's own tokens against the published keys in memory: no JWKS round trip,
   * and tokens of a rotated-out key stay valid until it retires. With an external issuer configured
   * ({@code aifactory.identity.external}), its tokens are accepted too.
   */
  @Bean
  JwtDecoder jwtDecoder(
      JWKSource<SecurityContext> jwkSource, IdentityProperties identity, ResourceLoader resources)
      throws IOException {
    NimbusJwtDecoder own = NimbusJwtDecoder.withJwkSource(jwkSource).build();
    own.setJwtValidator(JwtValidators.createDefaultWithIssuer(identity.issuer()));
    IdentityProperties.External external = identity.external();
    if (external == null || !external.configured()) {
      return own;
    }
    NimbusJwtDecoder theirs;
    if (external.jwkSetUri() != null && !external.jwkSetUri().isBlank()) {
      theirs = NimbusJwtDecoder.withJwkSetUri(external.jwkSetUri()).build();
    } else if (external.publicKeyLocation() != null && !external.publicKeyLocation().isBlank()) {
      try (InputStream pem = resources.getResource(external.publicKeyLocation()).getInputStream()) {
        theirs = NimbusJwtDecoder.withPublicKey(RsaKeyConverters.x509().convert(pem)).build();
      }
    } else {
      theirs = NimbusJwtDecoder.withIssuerLocation(external.issuer()).build();
    }
    theirs.setJwtValidator(JwtValidators.createDefaultWithIssuer(external.issuer()));
    return new IssuerRoutingJwtDecoder(external.issuer(), theirs, own);
  }

  private static RSAKey rsa(SigningKey key) {
    return new RSAKey.Builder(key.publicKey())
        .privateKey(key.keyPair().getPrivate())
        .keyID(key.kid())
        .build();
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(IdentityProperties identity) {
    return AuthorizationServerSettings.builder().issuer(identity.issuer()).build();
  }
}
