package dev.aifactory.monitoring.budget.http;

import dev.aifactory.monitoring.budget.BudgetLimitsUnavailable;
import dev.aifactory.monitoring.budget.BudgetProperties;
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
 * Access tokens of client {@code monitoring-service} ({@code client_credentials} at policy's {@code
 * /oauth2/token}), cached until shortly before they expire.
 */
class ClientCredentialsTokens {

  /** Renew this long before expiry, so a token never expires in flight. */
  static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

  private final HttpClient http;
  private final JsonMapper json;
  private final BudgetProperties properties;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  ClientCredentialsTokens(
      HttpClient http, JsonMapper json, BudgetProperties properties, Clock clock) {
    this.http = http;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
  }

  synchronized String token() {
    if (token == null || !clock.instant().isBefore(renewAt)) {
      fetch();
    }
    return token;
  }

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
      throw new BudgetLimitsUnavailable(
          "could not get a token from policy at "
              + request.uri()
              + ": "
              + PolicyBudgetLimits.describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BudgetLimitsUnavailable("interrupted while getting a token from policy", e);
    }
    if (response.statusCode() != 200) {
      throw new BudgetLimitsUnavailable(
          "policy refused a token to client '"
              + properties.clientId()
              + "' (HTTP "
              + response.statusCode()
              + "); check AIFACTORY_MONITORING_SERVICE_SECRET",
          null);
    }
    JsonNode body = json.readTree(response.body());
    String accessToken = body.path("access_token").asString("");
    if (accessToken.isEmpty()) {
      throw new BudgetLimitsUnavailable("policy's token response carries no access_token", null);
    }
    token = accessToken;
    renewAt = clock.instant().plusSeconds(body.path("expires_in").asLong(300)).minus(RENEW_BEFORE);
  }
}
