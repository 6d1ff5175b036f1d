package dev.aifactory.policy.identity.web;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.aifactory.common.config.ResourceServerAutoConfiguration;
import dev.aifactory.common.security.ProblemSecurityHandlers;
import dev.aifactory.policy.identity.IdentityProperties;
import dev.aifactory.policy.identity.SigningKey;
import dev.aifactory.policy.identity.SigningKeyManagement;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * policy-service is the platform's OAuth2 authorization server (client credentials, RS256 JWTs with
 * {@code team} and {@code roles}) and, for its own {@code /api/**}, a resource server that checks
 * tokens against its own key without calling itself. Two chains: the protocol endpoints first,
 * everything else second (it replaces the resource-server chain from common).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurity {

  static final String API_SCOPE = "api";
  private static final String TEAM = "team";
  private static final String ROLES = "roles";

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
    OAuth2AuthorizationServerConfigurer authorizationServer =
        new OAuth2AuthorizationServerConfigurer();
    http.securityMatcher(authorizationServer.getEndpointsMatcher())
        .with(authorizationServer, Customizer.withDefaults())
        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
        .csrf(csrf -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  @Bean
  @Order(2)
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
  RegisteredClientRepository registeredClients(IdentityProperties identity) {
    if (identity.clients().isEmpty()) {
      throw new IllegalStateException(
          "No OAuth2 clients configured: set aifactory.identity.clients (see policy-defaults.yml)");
    }
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    TokenSettings tokens =
        TokenSettings.builder()
            .accessTokenTimeToLive(identity.tokenTtl())
            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
            .build();
    List<RegisteredClient> clients =
        identity.clients().stream()
            .map(
                c ->
                    RegisteredClient.withId(c.clientId())
                        .clientId(c.clientId())
                        // Only the hash is kept in memory; "{id}..." values are already encoded.
                        .clientSecret(
                            c.secret().startsWith("{") ? c.secret() : encoder.encode(c.secret()))
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scope(API_SCOPE)
                        .tokenSettings(tokens)
                        .clientSettings(
                            ClientSettings.builder()
                                .setting(TEAM, c.team())
                                .setting(ROLES, List.copyOf(c.roles()))
                                .build())
                        .build())
            .toList();
    return new InMemoryRegisteredClientRepository(clients);
  }

  /** Adds {@code team}, {@code roles} and (when none was requested) the client's scopes. */
  @Bean
  OAuth2AuthorizationService authorizations() {
    return new UnstoredAuthorizations();
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> teamAndRolesClaims() {
    return context -> {
      if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
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

  @Bean
  JWKSource<SecurityContext> jwkSource(SigningKeyManagement keys) {
    SigningKey key = keys.active();
    RSAKey rsa =
        new RSAKey.Builder(key.publicKey())
            .privateKey(key.keyPair().getPrivate())
            .keyID(key.kid())
            .build();
    return new ImmutableJWKSet<>(new JWKSet(rsa));
  }

  /** Validates this service's own tokens with the local public key: no JWKS round trip. */
  @Bean
  JwtDecoder jwtDecoder(SigningKeyManagement keys, IdentityProperties identity) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(keys.active().publicKey()).build();
    decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(identity.issuer()));
    return decoder;
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(IdentityProperties identity) {
    return AuthorizationServerSettings.builder().issuer(identity.issuer()).build();
  }
}
