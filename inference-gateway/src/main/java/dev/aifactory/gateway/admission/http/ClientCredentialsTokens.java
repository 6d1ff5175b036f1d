package dev.aifactory.gateway.admission.http;

import dev.aifactory.gateway.admission.AdmissionProperties;
import dev.aifactory.gateway.admission.AdmissionUnavailable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens of the gateway's client ({@code client_credentials} at policy's {@code
 * /oauth2/token}), cached until shortly before they expire so that a deployment costs no token
 * round trip.
 */
class ClientCredentialsTokens {

  /** Renew this long before expiry, so a token never expires in flight. */
  static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

  private final HttpClient http;
  private final JsonMapper json;
  private final AdmissionProperties properties;
  private final Clock clock = Clock.systemUTC();
  private String token;
  private Instant renewAt = Instant.MIN;

  ClientCredentialsTokens(HttpClient http, JsonMapper json, AdmissionProperties properties) {
    this.http = http;
    this.json = json;
    this.properties = properties;
  }

  synchronized String token() {
    if (token == null || !clock.instant().isBefore(renewAt)) {
      fetch();
    }
    return token;
  }

  /** Drops the cached token (after a 401: policy's keys may have rotated). */
  synchronized void forget() {
    token = null;
  }

  private void fetch() {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (properties.clientId() + ":" + properties.clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(properties.policyUrl().resolve("/oauth2/token"))
            .timeout(properties.timeout())
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdmissionUnavailable(
          "could not get a token from policy at " + request.uri() + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdmissionUnavailable("interrupted while getting a token from policy", e);
    }
    if (response.statusCode() != 200) {
      throw new AdmissionUnavailable(
          "policy refused a token to client '"
              + properties.clientId()
              + "' (HTTP "
              + response.statusCode()
              + "); check AIFACTORY_GATEWAY_SERVICE_SECRET",
          null);
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (RuntimeException e) {
      throw new AdmissionUnavailable("policy's token response is not JSON", e);
    }
    String accessToken = body.path("access_token").asString("");
    if (accessToken.isEmpty()) {
      throw new AdmissionUnavailable("policy's token response carries no access_token", null);
    }
    long expiresIn = body.path("expires_in").asLong(300);
    token = accessToken;
    renewAt = clock.instant().plusSeconds(expiresIn).minus(RENEW_BEFORE);
  }

  static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
