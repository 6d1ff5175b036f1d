package dev.aifactory.gateway.admission.http;

import dev.aifactory.common.security.ServiceTokens;
import dev.aifactory.gateway.admission.AdmissionProperties;
import dev.aifactory.gateway.admission.AdmissionUnavailable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens of client {@code inference-gateway} at policy's {@code /oauth2/token}: the shared
 * {@link ServiceTokens} cache, with its failures told as this module's {@link
 * AdmissionUnavailable}.
 */
class ClientCredentialsTokens {

  private final ServiceTokens tokens;

  ClientCredentialsTokens(HttpClient http, JsonMapper json, AdmissionProperties properties) {
    this.tokens =
        new ServiceTokens(
            http,
            json,
            new ServiceTokens.Client(
                properties.policyUrl().resolve("/oauth2/token"),
                properties.clientId(),
                properties.clientSecret(),
                properties.timeout(),
                "AIFACTORY_GATEWAY_SERVICE_SECRET"),
            Clock.systemUTC());
  }

  String token() {
    try {
      return tokens.token();
    } catch (ServiceTokens.Unavailable e) {
      throw new AdmissionUnavailable(e.getMessage(), e);
    }
  }

  /** Drops the cached token (after a 401: policy's keys may have rotated). */
  void forget() {
    tokens.forget();
  }

  static String describe(IOException e) {
    return ServiceTokens.describe(e);
  }
}
