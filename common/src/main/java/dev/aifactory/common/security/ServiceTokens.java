package dev.aifactory.common.security;

import java.io.IOException;
import java.net.URI;
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
 * Access tokens of a platform service's own client ({@code client_credentials} at the identity
 * provider's token endpoint), cached until shortly before they expire so that a call to another
 * service costs no token round trip. Shared by the services that call others as a {@link
 * Caller#SERVICE} (training asks ingestion and policy, monitoring reads budgets, the gateway asks
 * policy before it deploys).
 *
 * <p>Contract: {@link #token()} returns a token valid for at least {@link #RENEW_BEFORE}, or throws
 * {@link Unavailable} saying in words why none could be had (unreachable, refused — naming the
 * environment variable that holds the secret —, malformed answer); {@link #forget()} drops the
 * cached token, e.g. after a 401 when the provider's keys rotated.
 */
public final class ServiceTokens {

  /** Renew this long before expiry, so a token never expires in flight. */
  public static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

  /** Who asks and where: {@code secretVariable} is named in the error when the secret is wrong. */
  public record Client(
      URI tokenUri,
      String clientId,
      String clientSecret,
      Duration timeout,
      String secretVariable) {}

  /** No token could be had now; the message says why. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpClient http;
  private final JsonMapper json;
  private final Client client;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  public ServiceTokens(HttpClient http, JsonMapper json, Client client, Clock clock) {
    this.http = http;
    this.json = json;
    this.client = client;
    this.clock = clock;
  }

  public synchronized String token() {
    if (token == null || !clock.instant().isBefore(renewAt)) {
      fetch();
    }
    return token;
  }

  public synchronized void forget() {
    token = null;
  }

  private void fetch() {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(client.tokenUri())
            .timeout(client.timeout())
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unavailable("could not get a token from " + request.uri() + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while getting a token from " + request.uri(), e);
    }
    if (response.statusCode() != 200) {
      throw new Unavailable(
          "the identity provider refused a token to client '"
              + client.clientId()
              + "' (HTTP "
              + response.statusCode()
              + "); check "
              + client.secretVariable(),
          null);
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (RuntimeException e) {
      throw new Unavailable("the token response is not JSON", e);
    }
    String accessToken = body.path("access_token").asString("");
    if (accessToken.isEmpty()) {
      throw new Unavailable("the token response carries no access_token", null);
    }
    long expiresIn = body.path("expires_in").asLong(300);
    token = accessToken;
    renewAt = clock.instant().plusSeconds(expiresIn).minus(RENEW_BEFORE);
  }

  /** An I/O failure in words (some carry no message). */
  public static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
