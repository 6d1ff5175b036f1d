package dev.aifactory.dashboard.login;

import dev.aifactory.dashboard.DashboardProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs a user in with a client id and secret: exchanges them at policy-service's token endpoint
 * (client credentials) and keeps the access token. Until the identity provider offers a user login
 * (authorization code + PKCE), this is how people reach the dashboard.
 */
@Component
class PolicyTokenAuthentication implements AuthenticationProvider {

  private final RestClient http;
  private final URI tokenUri;
  private final JsonMapper json;

  PolicyTokenAuthentication(
      RestClient.Builder builder, DashboardProperties properties, JsonMapper json) {
    this.http =
        builder
            .clone()
            .requestFactory(
                ClientHttpRequestFactoryBuilder.jdk()
                    .withHttpClientCustomizer(c -> c.version(HttpClient.Version.HTTP_1_1))
                    .build(
                        HttpClientSettings.defaults()
                            .withConnectTimeout(Duration.ofSeconds(2))
                            .withReadTimeout(properties.callTimeout())))
            .build();
    this.tokenUri =
        URI.create(properties.policyUrl().toString().replaceAll("/+$", "") + "/oauth2/token");
    this.json = json;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String clientId = authentication.getName() == null ? "" : authentication.getName().trim();
    Object credentials = authentication.getCredentials();
    String secret = credentials == null ? "" : credentials.toString();
    if (clientId.isEmpty() || secret.isEmpty()) {
      throw new BadCredentialsException("Enter both the client id and the client secret.");
    }
    TokenClaims claims;
    String token;
    try {
      token = exchange(clientId, secret);
      claims = TokenClaims.read(token, json);
    } catch (ResourceAccessException e) {
      throw new AuthenticationServiceException(
          "The identity provider (policy-service at "
              + tokenUri.resolve("/")
              + ") could not be reached. Try again when it is running.");
    } catch (IllegalArgumentException | RestClientException e) {
      throw new AuthenticationServiceException(
          "The identity provider gave an answer the dashboard could not read.");
    }
    DashboardUser user =
        new DashboardUser(
            claims.subject().isEmpty() ? clientId : claims.subject(),
            claims.team(),
            claims.roles(),
            token,
            claims.expiresAt() == null ? Instant.now().plusSeconds(300) : claims.expiresAt());
    List<SimpleGrantedAuthority> authorities =
        user.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
  }

  private String exchange(String clientId, String secret) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "client_credentials");
    JsonNode answer =
        http.post()
            .uri(tokenUri)
            .headers(
                h ->
                    h.setBasicAuth(
                        java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8),
                        java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8)))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .accept(MediaType.APPLICATION_JSON)
            .body(form)
            .retrieve()
            .onStatus(
                HttpStatusCode::is4xxClientError,
                (request, response) -> {
                  throw new BadCredentialsException(
                      "Unknown client id or wrong secret: the identity provider refused them.");
                })
            .onStatus(
                HttpStatusCode::is5xxServerError,
                (request, response) -> {
                  throw new AuthenticationServiceException(
                      "The identity provider failed ("
                          + response.getStatusCode().value()
                          + "). Try again in a moment.");
                })
            .body(JsonNode.class);
    String token = answer == null ? "" : answer.path("access_token").asString("");
    if (token.isEmpty()) {
      throw new AuthenticationServiceException("The identity provider returned no access token.");
    }
    return token;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
